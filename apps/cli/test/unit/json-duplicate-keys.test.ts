import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { findDuplicateKey } from "../../src/json-duplicate-keys.ts";
import { main } from "../../src/main.ts";
import { captureIo } from "../support/capture-io.ts";

describe("findDuplicateKey", () => {
  it("finds a key given twice in one object, with the object's pointer and both offsets", () => {
    const text = '{"a": [1, {"x": 1}, {"y": {"k": 1, "z": "k", "k": 2}}], "b": {}}';
    expect(findDuplicateKey(text)).toEqual({ pointer: "/a/2/y", key: "k", first: text.indexOf('"k"'), again: text.lastIndexOf('"k"') });
  });

  it("reads keys as JSON decodes them (escapes, ~ and / in pointers), and strings that are values are no keys", () => {
    expect(findDuplicateKey('{"a/b~": {"\\u0071": 1, "q": 2}}')).toMatchObject({ pointer: "/a~1b~0", key: "q" });
    expect(findDuplicateKey('{"k": "k", "l": ["k", "k"], "m": {"k": "\\"k\\""}}')).toBeUndefined();
    expect(findDuplicateKey('[{"k": 1}, {"k": 2}]')).toBeUndefined();
  });

  it("handles any nesting depth without recursion", () => {
    const depth = 200_000;
    const text = `${'{"a":'.repeat(depth)}{"k": 1, "k": 2}${"}".repeat(depth)}`;
    expect(findDuplicateKey(text)?.key).toBe("k");
  });
});

describe("strata validate and lint on a config with a key given twice", () => {
  it("refuse it (exit 1), naming the object, the key and both lines", async () => {
    const config = '{\n  "version": 1,\n  "units": ["userId"],\n  "params": {},\n  "version": 1,\n  "domain": { "id": "root", "layers": [] }\n}\n';
    for (const command of ["validate", "lint"]) {
      const io = captureIo(Readable.from([config]));
      expect(await main([command, "-"], io), command).toBe(1);
      expect(io.out() + io.err()).toContain('the key "version" is given twice in this object (line 2, column 3 and line 5, column 3)');
    }
  });
});
