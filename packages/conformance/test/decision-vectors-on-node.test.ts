import { createEngine } from "@strata/engine";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadDecisionVectors, runDecisionVectors } from "../src/index.ts";
import { countDecisionCases, countDecisionCasesBySuite } from "./support/decision-vector-file.ts";

describe("@strata/engine on Node", () => {
  it("decides every decision vector as pinned, through decide and through explain", async () => {
    const vectors = await loadDecisionVectors((url) => readFile(url, "utf8"));
    const report = runDecisionVectors(vectors, createEngine);
    expect(report.mismatches).toEqual([]);
    expect(report.cases).toBe(countDecisionCases(vectors));
    expect(report.casesBySuite).toEqual(countDecisionCasesBySuite(vectors));
    expect(report.checks).toBe(5 * report.cases);
    expect(report.specVersion).toBe(vectors.specVersion);
  });
});
