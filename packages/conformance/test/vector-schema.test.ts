import { Ajv2020 } from "ajv/dist/2020.js";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { readVectors } from "./support/vector-file.ts";

const schema = JSON.parse(await readFile(new URL("../vectors/hash-vectors.schema.json", import.meta.url), "utf8")) as object;
// strictRequired stays off: `oneOf: [{ required: ["text"] }, { required: ["hex"] }]` is the plain way to say "one of the two".
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

describe("hash-vectors.schema.json", () => {
  it("accepts the vector file", () => {
    const valid = validate(readVectors());
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("rejects a case with a malformed expected value", () => {
    const vectors = readVectors();
    const digestCase = vectors.cases.sha256[0];
    if (digestCase === undefined) throw new Error("no sha256 case");
    digestCase.expected.hex = "not hex";
    expect(validate(vectors)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe("/cases/sha256/0/expected/hex");
  });

  it("rejects a case with both text and hex, or an unknown field", () => {
    const vectors = readVectors();
    const murmurCase = vectors.cases.murmur3_x86_32[0];
    if (murmurCase === undefined) throw new Error("no murmur3 case");
    Object.assign(murmurCase.input, { text: "a", hex: "61" });
    expect(validate(vectors)).toBe(false);
    const unknown = readVectors();
    Object.assign(unknown.cases.utf8[0]?.expected ?? {}, { length: 3 });
    expect(validate(unknown)).toBe(false);
  });

  it("rejects a salt holding a colon", () => {
    const vectors = readVectors();
    const schemeCase = vectors.cases.scheme[0];
    if (schemeCase === undefined) throw new Error("no scheme case");
    schemeCase.input.salt = "a:b";
    expect(validate(vectors)).toBe(false);
  });
});
