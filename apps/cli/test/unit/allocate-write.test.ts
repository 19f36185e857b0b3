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

/** A one-line slot of layer A or B holding a running experiment `id` with `ranges` (as written). */
const slot = (id: string, ranges: string): string =>
  `{ "ranges": ${ranges}, "experiment": { "id": "${id}", "status": "running", "groups": [{ "id": "a" }], "segmenter": { "type": "percentage", "groups": [{ "id": "a", "weight": 100 }] } } }`;

/** The slot of experiment "x", waiting in layer A with no buckets, one line per member (unindented). */
const WAITING = [
  "{",
  '  "ranges": [],',
  '  "experiment": {',
  '    "id": "x",',
  '    "status": "running",',
  '    "groups": [{ "id": "a" }, { "id": "b" }],',
  '    "segmenter": { "type": "percentage", "groups": [{ "id": "a", "weight": 50.0 }, { "id": "b", "weight": 5e1 }] }',
  "  }",
  "}",
];

/** The lines of a config with layers A (parameter p) and B (parameter q), given the lines of each layer's `"slots"` value. */
const twoLayers = (slotsOfA: readonly string[], slotsOfB: readonly string[]): string[] => [
  "{",
  '  "version": 1,',
  '  "units": ["userId"],',
  '  "params": { "p": 1.10, "q": 12345678901234567891 },',
  '  "domain": {',
  '    "id": "root",',
  '    "layers": [',
  `      { "id": "A", "params": ["p"], "slots": ${slotsOfA.join("\n")} },`,
  `      { "id": "B", "params": ["q"], "slots": ${slotsOfB.join("\n")} }`,
  "    ]",
  "  }",
  "}",
  "",
];

/** The lines of a `"slots"` value: `[]` or `[` alone, one slot a line (the last without a comma), and `]`; or all on one line. */
const slotList = (slots: readonly (readonly string[])[], oneLine: boolean): string[] =>
  oneLine ? [`[${slots.map((lines) => lines.join(" ")).join(", ")}]`] : ["[", ...slots.flatMap((lines, index) => lines.map((line, at) => `          ${line}${index < slots.length - 1 && at === lines.length - 1 ? "," : ""}`)), "      ]"];

/**
 * A config whose experiment "x" waits in layer A among 0–2 other slots on each side while layer B
 * holds 0–3 slots (100 buckets each), each list laid out on one line or a slot a line, "x" on one
 * line or several, indented by spaces or tabs, with LF or CRLF line ends.
 */
const movingConfig = fc
  .record({
    before: fc.nat({ max: 2 }),
    after: fc.nat({ max: 2 }),
    others: fc.nat({ max: 3 }),
    aOnOneLine: fc.boolean(),
    bOnOneLine: fc.boolean(),
    xOnOneLine: fc.boolean(),
    indent: fc.constantFrom("  ", "\t"),
    crlf: fc.boolean(),
  })
  .map(({ before, after, others, aOnOneLine, bOnOneLine, xOnOneLine, indent, crlf }) => {
    const aSlot = (index: number): string[] => [slot(`a${index}`, `[[${index * 100}, ${index * 100 + 100}]]`)];
    const x = xOnOneLine ? [WAITING.map((line) => line.trim()).join(" ")] : WAITING;
    const slotsOfA = [...Array.from({ length: before }, (_, index) => aSlot(index)), x, ...Array.from({ length: after }, (_, index) => aSlot(before + index))];
    const slotsOfB = Array.from({ length: others }, (_, index) => [slot(`b${index}`, `[[${index * 100}, ${index * 100 + 100}]]`)]);
    const text = twoLayers(slotList(slotsOfA, aOnOneLine), slotList(slotsOfB, bOnOneLine))
      .join("\n")
      .replace(/^( {2})+/gm, (spaces) => indent.repeat(spaces.length / 2));
    return { text: crlf ? text.replaceAll("\n", "\r\n") : text, crlf, others };
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
    const [w, y, z] = [[slot("w", "[[0, 1e2]]")], [slot("y", "[[900, 1000]]")], [slot("z", "[[0, 100.0]]")]];
    const text = twoLayers(slotList([w, WAITING, y], false), slotList([z], false)).join("\n");
    const file = join(dir, "move.json");
    writeFileSync(file, text);
    const io = captureIo();
    expect(await main(["allocate", file, "--experiment", "x", "--traffic", "20", "--layer", "B", "--write"], io), io.err()).toBe(0);
    expect(io.out()).toContain('+ /domain/layers/1/slots/1: placed experiment "x" in layer "B" with buckets [100, 300)');
    const moved = ["{", '  "ranges": [[100, 300]],', ...WAITING.slice(2)];
    expect(readFileSync(file, "utf8")).toBe(twoLayers(slotList([w, y], false), slotList([z, moved], false)).join("\n"));
  });
  it("moves an experiment to another layer keeping the file's line ends: a CRLF file stays all CRLF", async () => {
    const dir = tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(movingConfig, async ({ text, crlf, others }) => {
        const file = join(dir, `move-${run++}.json`);
        writeFileSync(file, text);
        const io = captureIo();
        expect(await main(["allocate", file, "--experiment", "x", "--traffic", "20", "--layer", "B", "--write"], io), io.err()).toBe(0);
        expect(io.out()).toContain(`+ /domain/layers/1/slots/${others}: placed experiment "x" in layer "B" with buckets [${others * 100}, ${others * 100 + 200})`);
        const written = readFileSync(file, "utf8");
        const layers = (JSON.parse(written) as { domain: { layers: { slots: { experiment: { id: string } }[] }[] } }).domain.layers;
        expect(layers.map((layer) => layer.slots.map((held) => held.experiment.id).filter((id) => id === "x"))).toEqual([[], ["x"]]);
        if (crlf) expect(written.match(/(?<!\r)\n|\r(?!\n)/g), written).toBeNull();
        else expect(written, written).not.toContain("\r");
      }),
      { numRuns: 60 },
    );
  });
});
