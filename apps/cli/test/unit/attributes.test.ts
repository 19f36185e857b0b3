import { describe, expect, it } from "vitest";
import { attributeSpread, parseAttributeArgs, singleAttributes } from "../../src/attributes.ts";

describe("--attr", () => {
  it("reads k=v as a string and k:=json as a JSON value", () => {
    expect(parseAttributeArgs(["country=DE", "age:=42", "beta:=true", "zip=01234", "eq=a=b"], "assign")).toEqual([
      { key: "country", value: "DE" },
      { key: "age", value: 42 },
      { key: "beta", value: true },
      { key: "zip", value: "01234" },
      { key: "eq", value: "a=b" },
    ]);
  });

  it("explains malformed arguments", () => {
    expect(() => parseAttributeArgs(["country"], "assign")).toThrow(/must look like key=value/);
    expect(() => parseAttributeArgs(["age:=forty"], "assign")).toThrow(/not valid JSON/);
  });

  it("assign takes each key once", () => {
    expect(() => singleAttributes(parseAttributeArgs(["a=1", "a=2"], "assign"), "assign")).toThrow("--attr a was given twice");
  });

  it("simulate spreads repeated keys so every combination is equally frequent", () => {
    const spread = attributeSpread(parseAttributeArgs(["country=DE", "country=US", "plan=free", "plan=pro", "plan=team", "app=web"], "simulate"));
    expect(spread.combinations).toBe(6);
    const seen = new Map<string, number>();
    const combination = new Map<string, number>();
    for (let i = 0; i < 600; i++) {
      const key = JSON.stringify(spread.at(i));
      seen.set(key, (seen.get(key) ?? 0) + 1);
      // The stratum i % combinations names the combination: the same attributes every time.
      expect(combination.get(key) ?? i % 6, key).toBe(i % 6);
      combination.set(key, i % 6);
    }
    expect(seen.size).toBe(6);
    expect([...seen.values()].every((count) => count === 100)).toBe(true);
    expect(spread.at(0)).toEqual({ country: "DE", plan: "free", app: "web" });
    expect(attributeSpread(parseAttributeArgs(["country=DE", "plan=pro"], "simulate")).combinations).toBe(1);
  });
});
