import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { captureIo } from "../support/capture-io.ts";
import { CLI_ROOT, tempDir } from "../support/cli.ts";
import { spanAt } from "../support/json-pointer-span.ts";

/** The example config plus an experiment, "button-shape", waiting in layer "color" with no buckets. */
const PENDING = readFileSync(join(CLI_ROOT, "test/fixtures/shop-pending.json"), "utf8");

/** Number spellings JSON.stringify would change (to 12345678901234567000, 1.1, 1000, 0.5, 0, 0.002). */
const NUMBERS = ["12345678901234567891", "1.10", "1e3", "0.50", "-0.0", "2E-3", "42"];

/** Another spelling of a whole number: as it is, with a fraction, or with an exponent. */
const respell = (digits: string, style: number): string => [digits, `${digits}.0`, `${digits}e0`, `${digits}.00E+0`][style % 4]!;

/**
 * The pending config with extra number parameters (owned by the root layer), the numbers of every
 * slot's ranges spelled differently, and the indentation and line ends changed.
 */
const quirkyConfig = fc
  .record({
    params: fc.array(fc.constantFrom(...NUMBERS), { maxLength: 4 }),
    styles: fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
    indent: fc.constantFrom("  ", "    ", "\t"),
    crlf: fc.boolean(),
  })
  .map(({ params, styles, indent, crlf }) => {
    const names = params.map((_, index) => `number_${index}`);
    let n = 0;
    let text = PENDING.replace('"free_shipping_banner": false }', `"free_shipping_banner": false${params.map((spelling, index) => `, "${names[index]}": ${spelling}`).join("")} }`)
      .replace('"headline", "free_shipping_banner"]', `"headline", "free_shipping_banner"${names.map((name) => `, "${name}"`).join("")}]`)
      .replace(/"ranges": \[[^\n]*\]/g, (ranges) => ranges.replace(/\d+/g, (digits) => respell(digits, styles[n++ % styles.length]!)))
      .replace(/^( {2})+/gm, (spaces) => indent.repeat(spaces.length / 2));
    if (crlf) text = text.replaceAll("\n", "\r\n");
    return text;
  });

describe("allocate --write", () => {
  it("rewrites only the allocated ranges: every byte outside them is kept", async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(quirkyConfig, fc.constantFrom("5", "12.5", "20", "50"), async (text, traffic) => {
        const file = join(dir, `config-${run++}.json`);
        writeFileSync(file, text);
        const io = captureIo();
        expect(await main(["allocate", file, "--experiment", "button-shape", "--traffic", traffic, "--write"], io), io.err()).toBe(0);
        const pointer = /^~ (\S+): gave experiment "button-shape"/.exec(io.out())?.[1];
        expect(pointer, io.out()).toBeDefined();
        const written = readFileSync(file, "utf8");
        const before = spanAt(text, pointer!);
        const after = spanAt(written, pointer!);
        expect(text.slice(before.start, before.end)).toBe("[]");
        expect(written.slice(0, after.start)).toBe(text.slice(0, before.start));
        expect(written.slice(after.end)).toBe(text.slice(before.end));
        const buckets = (JSON.parse(written.slice(after.start, after.end)) as [number, number][]).reduce((sum, [from, to]) => sum + to - from, 0);
        expect(buckets).toBe(Number(traffic) * 10);
      }),
      { numRuns: 40 },
    );
  });

  it("moves an experiment to another layer with its own text: other values keep their spelling", async () => {
    const dir = tempDir();
    const slot = (id: string, ranges: string): string =>
      `{ "ranges": ${ranges}, "experiment": { "id": "${id}", "status": "running", "groups": [{ "id": "a" }], "segmenter": { "type": "percentage", "groups": [{ "id": "a", "weight": 100 }] } } }`;
    const waiting = [
      "          {",
      '            "ranges": [],',
      '            "experiment": {',
      '              "id": "x",',
      '              "status": "running",',
      '              "groups": [{ "id": "a" }, { "id": "b" }],',
      '              "segmenter": { "type": "percentage", "groups": [{ "id": "a", "weight": 50.0 }, { "id": "b", "weight": 5e1 }] }',
      "            }",
      "          }",
    ];
    const lines = (pending: readonly string[], other: readonly string[]): string[] => [
      "{",
      '  "version": 1,',
      '  "units": ["userId"],',
      '  "params": { "p": 1.10, "q": 12345678901234567891 },',
      '  "domain": {',
      '    "id": "root",',
      '    "layers": [',
      '      { "id": "A", "params": ["p"], "slots": [',
      ...pending,
      "      ] },",
      '      { "id": "B", "params": ["q"], "slots": [',
      ...other,
      "      ] }",
      "    ]",
      "  }",
      "}",
      "",
    ];
    const text = lines([`          ${slot("w", "[[0, 1e2]]")},`, ...waiting.slice(0, -1), "          },", `          ${slot("y", "[[900, 1000]]")}`], [`          ${slot("z", "[[0, 100.0]]")}`]).join("\n");
    const file = join(dir, "move.json");
    writeFileSync(file, text);
    const io = captureIo();
    expect(await main(["allocate", file, "--experiment", "x", "--traffic", "20", "--layer", "B", "--write"], io), io.err()).toBe(0);
    expect(io.out()).toContain('+ /domain/layers/1/slots/1: placed experiment "x" in layer "B" with buckets [100, 300)');
    const moved = ["          {", '            "ranges": [[100, 300]],', ...waiting.slice(2)];
    expect(readFileSync(file, "utf8")).toBe(lines([`          ${slot("w", "[[0, 1e2]]")},`, `          ${slot("y", "[[900, 1000]]")}`], [`          ${slot("z", "[[0, 100.0]]")},`, ...moved]).join("\n"));
  });
});
