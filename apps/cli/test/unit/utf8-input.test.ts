import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { firstInvalidUtf8 } from "../../src/strict-utf8.ts";
import { utf8Lines } from "../../src/utf8-lines.ts";
import { captureIo } from "../support/capture-io.ts";
import { SHOP, SHOP_RELATIVE, tempDir } from "../support/cli.ts";

/** `text` in Latin-1 (ISO 8859-1): `é` is the single byte 0xE9, which is not UTF-8. */
const latin1 = (text: string): Buffer => Buffer.from(text, "latin1");

describe("input that is not UTF-8 is an error naming the file and line, never U+FFFD", () => {
  it("two Latin-1 ids are refused instead of both becoming u-\uFFFD", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "ids.txt"), latin1("u-1\nu-é\nu-è\n"));
    const io = captureIo(undefined, dir);
    expect(await main(["assign", SHOP, "--units", "ids.txt", "--format", "tsv"], io)).toBe(1);
    expect(io.err()).toContain("strata assign: ids.txt:2: not valid UTF-8 (the byte 0xE9 at column 3) — save the file as UTF-8");
    expect(io.out()).not.toContain("\uFFFD");
  });

  it("ids on stdin, and after Windows line ends", async () => {
    const io = captureIo(Readable.from([Buffer.from("u-1\r\nu-2\r\n"), latin1("u-é\r\n")]));
    expect(await main(["simulate", SHOP_RELATIVE, "--units", "-"], io)).toBe(1);
    expect(io.err()).toContain("strata simulate: stdin:3: not valid UTF-8 (the byte 0xE9 at column 3)");
  });

  it("a config with a Latin-1 salt is refused (it would hash differently from the real salt)", async () => {
    const dir = tempDir();
    const text = readFileSync(SHOP, "utf8").replace('"id": "color",', '"id": "color", "salt": "couleur-é",');
    expect(text).toContain("couleur-é");
    writeFileSync(join(dir, "latin1.json"), latin1(text));
    const line = text.slice(0, text.indexOf("couleur-é")).split("\n").length;
    for (const command of [["validate"], ["lint"], ["assign", "--unit", "u-1"], ["allocate", "--experiment", "x", "--traffic", "5"]]) {
      const io = captureIo(undefined, dir);
      expect(await main([command[0]!, "latin1.json", ...command.slice(1)], io), command[0]).toBe(1);
      expect(io.err()).toContain(`latin1.json:${line}: not valid UTF-8 (the byte 0xE9 at column`);
      expect(io.out()).toBe("");
    }
    const stdin = captureIo(Readable.from([latin1(text)]));
    expect(await main(["validate", "-"], stdin)).toBe(1);
    expect(stdin.err()).toContain(`strata validate: stdin:${line}: not valid UTF-8`);
  });

  it("the file imported from another platform too", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "features.json"), latin1('{\n  "features": { "café": {} }\n}\n'));
    const io = captureIo(undefined, dir);
    expect(await main(["import", "--from", "growthbook", "features.json"], io)).toBe(1);
    expect(io.err()).toContain("features.json:2: not valid UTF-8 (the byte 0xE9 at column 21)");
  });

  it("UTF-8 input still reads as before: a byte order mark, CRLF, characters split across chunks", async () => {
    const text = readFileSync(SHOP, "utf8");
    const config = captureIo(Readable.from([Buffer.from(`\uFEFF${text}`)]));
    expect(await main(["validate", "-"], config)).toBe(0);
    const bytes = Buffer.from("u-é\r\nu-€\n");
    const ids = captureIo(Readable.from([bytes.subarray(0, 3), bytes.subarray(3, 9), bytes.subarray(9)]));
    expect(await main(["assign", SHOP, "--units", "-", "--format", "jsonl"], ids)).toBe(0);
    expect(ids.out().split("\n").filter(Boolean).map((line) => (JSON.parse(line) as { unit: string }).unit)).toEqual(["u-é", "u-€"]);
  });
});

describe("utf8Lines", () => {
  it("splits lines as readline does (\\n, \\r\\n, a lone \\r), however the bytes are cut into chunks", async () => {
    const piece = fc.constantFrom("a", "é", "€", "😀", " ", "\t", "\n", "\r", "\r\n");
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), fc.array(fc.nat({ max: 5 }), { maxLength: 30 }), async (pieces, cuts) => {
        const text = pieces.join("");
        const bytes = Buffer.from(text);
        const chunks: Buffer[] = [];
        let at = 0;
        for (const cut of cuts) chunks.push(bytes.subarray(at, (at += cut)));
        chunks.push(bytes.subarray(at));
        const lines: string[] = [];
        for await (const block of utf8Lines(Readable.from(chunks), "x")) lines.push(...block);
        const expected = text.split(/\r\n|\n|\r/);
        if (expected.at(-1) === "") expected.pop();
        expect(lines).toEqual(expected);
      }),
    );
  });
});

describe("firstInvalidUtf8", () => {
  it("finds the first byte of the first sequence that is not UTF-8", () => {
    expect(firstInvalidUtf8(Buffer.from("abc é €"))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe9, 0x41]))).toBe(1); // Latin-1 é: a lead byte without its continuation
    expect(firstInvalidUtf8(Buffer.from([0x41, 0x80]))).toBe(1); // a continuation byte alone
    expect(firstInvalidUtf8(Buffer.from([0x41, 0xe2, 0x82]))).toBe(1); // a character cut off at the end
    expect(firstInvalidUtf8(Buffer.from([0xc3, 0xa9, 0xed, 0xa0, 0x80]))).toBe(2); // an encoded surrogate
    expect(firstInvalidUtf8(Buffer.from([0xc0, 0xaf]))).toBe(0); // an overlong encoding
  });
});

describe("strata validate and lint --json on a file that is not UTF-8", () => {
  it("print JSON with an invalid-utf8 problem (exit 1), as for a syntax error", async () => {
    const latin1 = Buffer.concat([Buffer.from('{"version": 1, "x": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    for (const command of ["validate", "lint"]) {
      const io = captureIo(Readable.from([latin1]));
      expect(await main([command, "-", "--json"], io), command).toBe(1);
      const body = JSON.parse(io.out()) as { ok: boolean; errors: Array<{ code: string; message: string }> };
      expect(body.ok).toBe(false);
      expect(body.errors).toEqual([expect.objectContaining({ code: "invalid-utf8", message: expect.stringContaining("stdin:1: not valid UTF-8 (the byte 0xE9 at column 25)") })]);
    }
  });
});
