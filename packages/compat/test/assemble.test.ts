/** `assembleConfig`, the importers' last step: whatever parts it is given, the config it returns validates. */
import type { LayerConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { assembleConfig, type ImportedPart } from "../src/import/assemble.ts";
import { ImportReport } from "../src/import/result.ts";
import { validateImported } from "./support/engine.ts";

const layer = (id: string, status: string): LayerConfig => ({
  id: `${id}.layer`,
  params: [id],
  slots: [{ ranges: [[0, 1000]], experiment: { id, status: status as "running", groups: [{ id: "on", params: { [id]: true } }], segmenter: { type: "fixed", groups: [{ id: "on", units: [] }], default: "on" } } }],
});
const part = (id: string, status = "running"): ImportedPart => ({ pointer: `/source/${id}`, label: `experiment "${id}"`, params: { [id]: false }, layers: [layer(id, status)], shared: false });

describe("assembleConfig", () => {
  it("lists a part the validator rejects (here for a reason no importer checks) with the validator's message, and keeps the others", () => {
    const report = new ImportReport();
    const config = assembleConfig({ units: ["userId"], domain: { id: "root", description: "test" }, parts: [part("good"), part("bad", "sleeping"), part("fine")] }, report);
    expect(validateImported(config).errors).toEqual([]);
    expect(Object.keys(config.params)).toEqual(["good", "fine"]);
    expect(report.unsupported).toEqual([
      { pointer: "/source/bad", reason: expect.stringMatching(/^experiment "bad" is not imported: Strata rejects it at "\/domain\/layers\/1\/slots\/0\/experiment\/status" of the imported config: /) },
    ]);
  });

  it("puts the parameters of shared parts into one layer without slots", () => {
    const report = new ImportReport();
    const shared = (id: string): ImportedPart => ({ pointer: `/source/${id}`, label: id, params: { [id]: 1 }, layers: [], shared: true });
    const config = assembleConfig({ units: ["id"], domain: { id: "root", description: "test" }, sharedLayerId: "defaults", parts: [shared("a"), part("b"), shared("c")] }, report);
    expect(config.domain.layers.map((l) => [l.id, l.params])).toEqual([["b.layer", ["b"]], ["defaults", ["a", "c"]]]);
    expect(validateImported(config).errors).toEqual([]);
  });
});
