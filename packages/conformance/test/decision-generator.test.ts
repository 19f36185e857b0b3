import { describe, expect, it } from "vitest";
import { decisionPinOf, generateDecisionVectors, renderDecisionVectors } from "../scripts/generate-decisions.ts";
import { decisionVectorsText, readDecisionVectors } from "./support/decision-vector-file.ts";

describe("scripts/generate-decisions.ts", () => {
  const generated = generateDecisionVectors();

  it("regenerates the committed file byte for byte: the engine still gives every pinned decision", () => {
    const fresh = renderDecisionVectors(generated);
    expect(
      fresh === decisionVectorsText,
      "vectors/decision-vectors.json is stale: either the inputs changed, or @strata/engine now decides differently — a breaking change of assignments (see vectors/decision-vectors.CHANGELOG.md)",
    ).toBe(true);
  });

  it("is deterministic", () => {
    expect(decisionPinOf(generateDecisionVectors())).toEqual(decisionPinOf(generated));
  });

  it("writes lone surrogates as escapes, so the file is valid UTF-8 and parses to the same strings everywhere", () => {
    const bytes = new TextEncoder().encode(decisionVectorsText);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).not.toThrow();
    expect(decisionVectorsText).not.toMatch(/[\uD800-\uDFFF]/u);
    const units = readDecisionVectors().suites.flatMap((suite) => suite.cases.map((c) => c.input.units.userId));
    expect(units).toContain("\uD800lone-7");
  });
});
