/**
 * Engine benchmarks (mitata): decide with 1, 10 and 100 layers, with conditions, with an
 * in-memory sticky store, against the raw floor (ten MurmurHash3 hashes over pre-encoded bytes
 * plus one encodeInto), all measured in one run.
 */
import { createEngine, MemoryAssignmentStore } from "@strata/engine";
import murmur from "murmurhash3js-revisited";
import { bench, do_not_optimize, run, summary } from "mitata";
import { layeredConfig } from "./fixtures/layered-config.ts";

const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
let next = 0;
const nextId = () => ids[(next = (next + 1) % ids.length)]!;

const one = createEngine(layeredConfig(1));
const ten = createEngine(layeredConfig(10));
const hundred = createEngine(layeredConfig(100));
const tenWithConditions = createEngine(layeredConfig(10, { conditions: true }));
const store = new MemoryAssignmentStore();
const tenSticky = createEngine(layeredConfig(10, { sticky: true }), { stores: { assignments: store } });
const attributes = { country: "DE" };

const encoder = new TextEncoder();
const buffer = new Uint8Array(256);
const keys = Array.from({ length: 10 }, (_, i) => encoder.encode(`user-1234:layer-${i}`));

summary(() => {
  bench("raw floor: encodeInto + 10 × murmur3 on pre-encoded bytes", () => {
    const { written } = encoder.encodeInto(nextId(), buffer);
    let x = written;
    for (let i = 0; i < 10; i++) x ^= murmur.x86.hash32(keys[i]!, 0) % 1000;
    return do_not_optimize(x);
  });
  bench("decide: 1 layer", () => do_not_optimize(one.decide({ units: { userId: nextId() } })));
  bench("decide: 10 layers", () => do_not_optimize(ten.decide({ units: { userId: nextId() } })));
  bench("decide: 10 layers with conditions", () => do_not_optimize(tenWithConditions.decide({ units: { userId: nextId() }, attributes })));
  bench("decide: 10 layers, sticky, in-memory store", () => {
    const units = { userId: nextId() };
    const decision = tenSticky.decide({ units, stored: store.load(units) });
    if (decision.toPersist.length > 0) store.save(decision.toPersist);
    return do_not_optimize(decision);
  });
  bench("decide: 100 layers", () => do_not_optimize(hundred.decide({ units: { userId: nextId() } })));
});

await run({ format: process.argv.includes("--json") ? "json" : "mitata" });
