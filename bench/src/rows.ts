/**
 * The rows the suite and the guard measure: Strata's, the raw cost floor, and each peer API's
 * one-experiment and ten-experiment rows. Every row decides for the next of 10,000 rotating
 * user ids, as a server deciding for a stream of different users would.
 * @module
 */
/// <reference path="../../packages/hash/src/vendor-types.d.ts" />
import { createEngine, MemoryAssignmentStore, type Engine } from "@strata/engine";
import { bucket, UnitHasher } from "@strata/hash";
import murmur from "murmurhash3js-revisited";
import { layeredConfig } from "./fixtures/layered-config.ts";
import { do_not_optimize, type Bench } from "./harness/measure.ts";
import { ROW } from "./ids.ts";
import type { Peer } from "./peers/types.ts";
import { murmur3, UnitMidstate } from "./reference/murmur3.ts";

export { ROW } from "./ids.ts";

const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);
let next = 0;
/** The next of 10,000 user ids. */
export const nextId = (): string => ids[(next = next + 1 === ids.length ? 0 : next + 1)] as string;
/** The ids themselves (for assignment checks). */
export const userIds: readonly string[] = ids;

// ---------------------------------------------------------------------------------------------
// The raw cost floor: what ten layers cost at the very least if each needed one hash.

// @strata/hash switches this library's per-call input validation off (its callers always pass
// bytes); the floor runs the same code path, whichever module happens to load first.
murmur.inputValidation = false;
const encoder = new TextEncoder();
const unitBuffer = new Uint8Array(256);
const layerKeys = Array.from({ length: 10 }, (_, i) => encoder.encode(`user-1234:layer-${i}`));
const experimentKeys = Array.from({ length: 10 }, (_, i) => encoder.encode(`user-1234:exp-${i}`));

/** One `encodeInto` of the unit plus ten MurmurHash3 over pre-encoded `unit:layer` keys (the guard's floor). */
export function floor10(): number {
  const { written } = encoder.encodeInto(nextId(), unitBuffer);
  let x = written as number;
  for (let i = 0; i < 10; i++) x ^= murmur.x86.hash32(layerKeys[i] as Uint8Array, 0) % 1000;
  return x;
}

/** The same with the twenty hashes Strata's ten layers compute (layer bucket + the experiment's own segmenter hash). */
export function floor20(): number {
  const { written } = encoder.encodeInto(nextId(), unitBuffer);
  let x = written as number;
  for (let i = 0; i < 10; i++) {
    x ^= murmur.x86.hash32(layerKeys[i] as Uint8Array, 0) % 1000;
    x ^= murmur.x86.hash32(experimentKeys[i] as Uint8Array, 0) % 10000;
  }
  return x;
}

// ---------------------------------------------------------------------------------------------
// Strata.

/** The engines behind the Strata rows, built once. */
export interface StrataEngines {
  readonly one: Engine;
  readonly ten: Engine;
  readonly hundred: Engine;
  readonly tenWithConditions: Engine;
  readonly tenSticky: Engine;
  readonly store: MemoryAssignmentStore;
}

/** Builds the engines (layered-config fixture: N independent layers, each a 50/50 experiment). */
export function strataEngines(): StrataEngines {
  const store = new MemoryAssignmentStore();
  return {
    one: createEngine(layeredConfig(1)),
    ten: createEngine(layeredConfig(10)),
    hundred: createEngine(layeredConfig(100)),
    tenWithConditions: createEngine(layeredConfig(10, { conditions: true })),
    tenSticky: createEngine(layeredConfig(10, { sticky: true }), { stores: { assignments: store } }),
    store,
  };
}

/** How many of a decision's assignments are in "treatment" (what the ten-experiment rows return). */
export function treatmentCount(engine: Engine, userId: string): number {
  const { assignments } = engine.decide({ units: { userId } });
  let n = 0;
  for (let i = 0; i < assignments.length; i++) if (assignments[i]?.group === "treatment") n++;
  return n;
}

const attributes = { country: "DE" };
const tenParams = Array.from({ length: 10 }, (_, i) => `p${i}`);


/** The floor rows: `which` = "guard" gives only the guard's floor (ten hashes). */
export function floorBenches(which: "all" | "guard" = "all"): Bench[] {
  const ten: Bench = { id: ROW.floor10, label: "raw floor: encodeInto + 10 × murmur3 (pre-encoded)", fn: () => do_not_optimize(floor10()) };
  if (which === "guard") return [ten];
  return [ten, { id: ROW.floor20, label: "raw floor: encodeInto + 20 × murmur3 (pre-encoded)", fn: () => do_not_optimize(floor20()) }];
}

const layerSalts = Array.from({ length: 10 }, (_, i) => `layer-${i}`);
const experimentSalts = Array.from({ length: 10 }, (_, i) => `exp-${i}`);

/**
 * Where decide's time goes, in rows: its twenty hashes through @strata/hash's UnitHasher
 * alone (what the engine calls), and the same twenty buckets through the reference
 * implementations in src/reference (identical output).
 */
export function hashingBenches(): Bench[] {
  const hasher = new UnitHasher("strata/v1");
  const layers = layerSalts.map((salt) => hasher.prepare(salt));
  const experiments = experimentSalts.map((salt) => hasher.prepare(salt));
  const midstate = new UnitMidstate();
  const layerBytes = layerSalts.map((salt) => encoder.encode(salt));
  const experimentBytes = experimentSalts.map((salt) => encoder.encode(salt));
  return [
    {
      id: ROW.unitHasher20,
      label: "@strata/hash UnitHasher: setUnit + 20 × bucket",
      fn: () => {
        hasher.setUnit(nextId());
        let x = 0;
        for (let i = 0; i < 10; i++) {
          x ^= hasher.bucket(layers[i]!, 1000);
          x ^= hasher.bucket(experiments[i]!, 10000);
        }
        return do_not_optimize(x);
      },
    },
    {
      id: ROW.refImul20,
      label: "reference: encodeInto + 20 × murmur3 with Math.imul (pre-encoded)",
      fn: () => {
        const { written } = encoder.encodeInto(nextId(), unitBuffer);
        let x = written as number;
        for (let i = 0; i < 10; i++) {
          const a = layerKeys[i]!;
          const b = experimentKeys[i]!;
          x ^= murmur3(a, a.length) % 1000;
          x ^= murmur3(b, b.length) % 10000;
        }
        return do_not_optimize(x);
      },
    },
    {
      id: ROW.refMidstate20,
      label: "reference: unit blocks mixed once + 20 × bucket (Math.imul)",
      fn: () => {
        midstate.setUnit(nextId());
        let x = 0;
        for (let i = 0; i < 10; i++) {
          x ^= midstate.bucket(layerBytes[i]!, 1000);
          x ^= midstate.bucket(experimentBytes[i]!, 10000);
        }
        return do_not_optimize(x);
      },
    },
  ];
}

/** Strata's rows; `which` limits them (the guard measures only ten layers). */
export function strataBenches(e: StrataEngines, which: "all" | "guard" = "all"): Bench[] {
  const decide10: Bench = { id: ROW.decide10, label: "Strata decide: 10 layers", fn: () => do_not_optimize(e.ten.decide({ units: { userId: nextId() } })) };
  if (which === "guard") return [decide10];
  return [
    { id: ROW.bucket, label: "Strata bucket(unit, salt, 1000)", fn: () => do_not_optimize(bucket(nextId(), "layer-0", 1000)) },
    { id: ROW.decide1, label: "Strata decide: 1 layer", fn: () => do_not_optimize(e.one.decide({ units: { userId: nextId() } })) },
    decide10,
    {
      id: ROW.decide10Get,
      label: "Strata decide: 10 layers + get() all 10 params",
      fn: () => {
        const decision = e.ten.decide({ units: { userId: nextId() } });
        for (let i = 0; i < tenParams.length; i++) do_not_optimize(decision.get(tenParams[i] as string));
      },
    },
    {
      id: ROW.decide10Conditions,
      label: "Strata decide: 10 layers with conditions",
      fn: () => do_not_optimize(e.tenWithConditions.decide({ units: { userId: nextId() }, attributes })),
    },
    {
      id: ROW.decide10Sticky,
      label: "Strata decide: 10 layers, sticky, in-memory store",
      fn: () => {
        const units = { userId: nextId() };
        const decision = e.tenSticky.decide({ units, stored: e.store.load(units) });
        if (decision.toPersist.length > 0) e.store.save(decision.toPersist);
        return do_not_optimize(decision);
      },
    },
    { id: ROW.decide100, label: "Strata decide: 100 layers", fn: () => do_not_optimize(e.hundred.decide({ units: { userId: nextId() } })) },
  ];
}

/** Each peer API's rows: one experiment, and ten experiments for one user. */
export function peerBenches(peers: readonly Peer[], only?: readonly string[]): Bench[] {
  const out: Bench[] = [];
  for (const peer of peers) {
    for (const api of peer.apis) {
      if (only && !only.includes(api.id)) continue;
      const { one, ten } = api;
      out.push({ id: ROW.peerOne(api.id), label: `${api.label}: 1 experiment`, fn: () => do_not_optimize(one(nextId())) });
      out.push({ id: ROW.peerTen(api.id), label: `${api.label}: 10 experiments`, fn: () => do_not_optimize(ten(nextId())) });
    }
  }
  return out;
}

/** The guard's three rows: the floor, ten-layer decide and ten GrowthBook evalFeature calls. */
export function guardBenches(growthbook: Peer): { benches: Bench[]; ten: Engine } {
  const ten = createEngine(layeredConfig(10));
  const engines = { ten } as StrataEngines;
  const tenCalls = peerBenches([growthbook]).filter((b) => b.id.endsWith(".10"));
  return { benches: [...floorBenches("guard"), ...strataBenches(engines, "guard"), ...tenCalls], ten };
}
