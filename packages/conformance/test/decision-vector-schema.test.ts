import { Ajv2020 } from "ajv/dist/2020.js";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { DecisionCase, DecisionVectorFile } from "../src/index.ts";
import { readDecisionVectors } from "./support/decision-vector-file.ts";

const schema = JSON.parse(await readFile(new URL("../vectors/decision-vectors.schema.json", import.meta.url), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** A fresh copy of the vectors and the first case of its first suite, to break. */
function firstCase(): { vectors: DecisionVectorFile; target: DecisionCase } {
  const vectors = readDecisionVectors();
  const target = vectors.suites[0]?.cases.find((c) => c.expected.assignments.length > 0);
  if (target === undefined) throw new Error("no case with an assignment");
  return { vectors, target };
}

describe("decision-vectors.schema.json", () => {
  it("accepts the decision vector file", () => {
    const valid = validate(readDecisionVectors());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects a time that is not RFC 3339 UTC with milliseconds", () => {
    const { vectors, target } = firstCase();
    target.input.now = "2025-03-15T12:00:00+01:00";
    expect(validate(vectors)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toMatch(/^\/suites\/0\/cases\/\d+\/input\/now$/);
  });

  it("rejects a random diversion, a stored source and an unknown field in an assignment", () => {
    for (const change of [{ unitType: "random" }, { source: "stored" }, { unit: "user-1" }]) {
      const { vectors, target } = firstCase();
      Object.assign(target.expected.assignments[0] ?? {}, change);
      expect(validate(vectors), JSON.stringify(change)).toBe(false);
    }
  });

  it("rejects feedback counts that are not whole numbers >= 0", () => {
    for (const trials of [-1, 1.5, "10"]) {
      const vectors = readDecisionVectors();
      const suite = vectors.suites.find((s) => Object.keys(s.feedback).length > 0);
      const arms = suite && Object.values(suite.feedback)[0];
      const arm = arms && Object.values(arms)[0];
      if (arm === undefined) throw new Error("no feedback counts");
      (arm as { trials: unknown }).trials = trials;
      expect(validate(vectors), String(trials)).toBe(false);
    }
  });

  it("rejects a case without expected params", () => {
    const { vectors, target } = firstCase();
    delete (target.expected as Partial<DecisionCase["expected"]>).params;
    expect(validate(vectors)).toBe(false);
  });
});
