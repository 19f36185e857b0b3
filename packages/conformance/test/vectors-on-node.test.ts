import * as hash from "@strata/hash";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { loadHashVectors, runHashVectors } from "../src/index.ts";
import { countByCategory, countCases } from "./support/vector-file.ts";

describe("@strata/hash on Node", () => {
  it("agrees with every hash vector", async () => {
    const vectors = await loadHashVectors((url) => readFile(url, "utf8"));
    const report = runHashVectors(vectors, hash);
    expect(report.mismatches).toEqual([]);
    expect(report.cases).toBe(countCases(vectors));
    expect(report.casesByCategory).toEqual(countByCategory(vectors));
  });
});
