import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatJson } from "../../src/json-format.ts";
import { SHOP } from "../support/cli.ts";

describe("formatJson", () => {
  it("keeps short values inline and opens long ones", () => {
    expect(formatJson({ ranges: [[0, 100]], groups: [{ id: "control" }] })).toBe('{ "ranges": [[0, 100]], "groups": [{ "id": "control" }] }\n');
    const long = formatJson({ a: "x".repeat(100), b: [1, 2] }, { width: 40 });
    expect(long).toBe(`{\n  "a": "${"x".repeat(100)}",\n  "b": [1, 2]\n}\n`);
    expect(formatJson({ a: "x".repeat(100), b: [1, 2] }, { width: 40, newline: "\r\n" })).toBe(long.replaceAll("\n", "\r\n"));
  });

  it("round-trips the example config", () => {
    const config = JSON.parse(readFileSync(SHOP, "utf8")) as unknown;
    expect(JSON.parse(formatJson(config))).toEqual(config);
  });
});
