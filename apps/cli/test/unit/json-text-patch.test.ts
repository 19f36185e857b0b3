import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { patchJsonText, sameJson } from "../../src/json-text-patch.ts";
import { spanAt } from "../support/json-pointer-span.ts";

/** Spellings a formatter would change: JSON.stringify writes 1.1, 12345678901234567000, 100, 0, "A", "/", "é". */
const SCALARS = ["1.10", "12345678901234567891", "1e2", "-0.0", "2E-3", "7", '"\\u0041"', '"\\/"', '"\\u00e9"', '"é"', '"a b"', "true", "null"];
const SPACE = ["", " ", "  ", "\n", "\n    ", "\r\n\t", "\t"];

/** JSON text built from random tokens with random spacing, so nothing in it is spelled the way a formatter would. */
const jsonText: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...SCALARS),
    fc.tuple(fc.array(fc.tuple(fc.constantFrom(...SPACE), tie("value"), fc.constantFrom(...SPACE)), { maxLength: 4 }), fc.constantFrom(...SPACE)).map(
      ([items, space]) => `[${items.map(([a, item, b]) => `${a}${item}${b}`).join(",") || space}]`,
    ),
    fc
      .tuple(fc.uniqueArray(fc.tuple(fc.constantFrom("a", "b", "c", "d", "é", "x/y"), fc.constantFrom(...SPACE), tie("value")), { maxLength: 4, selector: ([key]) => key }), fc.constantFrom(...SPACE))
      .map(([members, space]) => `{${members.map(([key, gap, item]) => `${gap}${JSON.stringify(key)}${gap}:${gap}${item}${gap}`).join(",") || space}}`),
  ),
})).value;

/** Every pointer of `value`, as tokens: the document itself first. */
function pointers(value: unknown, path: string[] = []): string[][] {
  const children = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : typeof value === "object" && value !== null ? Object.entries(value) : [];
  return [path, ...children.flatMap(([token, item]) => pointers(item, [...path, token]))];
}

/** `root` with the value at `tokens` replaced by `update(old)`. */
function updated(root: unknown, tokens: readonly string[], update: (old: unknown) => unknown): unknown {
  if (tokens.length === 0) return update(root);
  const [token, ...rest] = tokens as [string, ...string[]];
  if (Array.isArray(root)) return root.map((item, index) => (String(index) === token ? updated(item, rest, update) : item));
  return { ...(root as Record<string, unknown>), [token]: updated((root as Record<string, unknown>)[token], rest, update) };
}

/** A change to the value at a pointer: a new value, or (for arrays and objects) one item removed or added. */
type Change = { readonly kind: "replace"; readonly value: unknown } | { readonly kind: "remove"; readonly index: number } | { readonly kind: "add"; readonly index: number; readonly value: unknown };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: "replace" as const, value: JSON.parse(JSON.stringify(value)) as unknown })),
  fc.nat().map((index) => ({ kind: "remove" as const, index })),
  fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 1 })).map(([index, value]) => ({ kind: "add" as const, index, value: JSON.parse(JSON.stringify(value)) as unknown })),
);

/** `old` with `edit` made; removing from or adding to a scalar leaves it as it is. */
function applyChange(old: unknown, edit: Change): unknown {
  if (edit.kind === "replace") return edit.value;
  if (Array.isArray(old)) {
    const copy = [...old];
    if (edit.kind === "remove" && copy.length > 0) copy.splice(edit.index % copy.length, 1);
    if (edit.kind === "add") copy.splice(edit.index % (copy.length + 1), 0, edit.value);
    return copy;
  }
  if (typeof old === "object" && old !== null) {
    const copy = { ...(old as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (edit.kind === "remove" && keys.length > 0) delete copy[keys[edit.index % keys.length]!];
    if (edit.kind === "add") copy[`new-${edit.index}`] = edit.value;
    return copy;
  }
  return old;
}

describe("patchJsonText", () => {
  it("changes only the bytes of the changed value: every byte before and after it is kept", () => {
    fc.assert(
      fc.property(jsonText, fc.nat(), change, (text, pick, edit) => {
        const before = JSON.parse(text) as unknown;
        const all = pointers(before);
        const tokens = all[pick % all.length]!;
        const after = updated(before, tokens, (old) => applyChange(old, edit));
        const patched = patchJsonText(text, before, after);
        expect(sameJson(JSON.parse(patched), after)).toBe(true);
        const { start, end } = spanAt(text, tokens);
        expect(patched.slice(0, start)).toBe(text.slice(0, start));
        expect(patched.slice(patched.length - (text.length - end))).toBe(text.slice(end));
      }),
      { numRuns: 500 },
    );
  });

  it("ends every new line of a CRLF text with CRLF, as the text does", () => {
    fc.assert(
      fc.property(jsonText.map((text) => `${text.replace(/\r?\n/g, "\r\n")}\r\n`), fc.nat(), change, (text, pick, edit) => {
        const before = JSON.parse(text) as unknown;
        const all = pointers(before);
        const after = updated(before, all[pick % all.length]!, (old) => applyChange(old, edit));
        const patched = patchJsonText(text, before, after);
        expect(sameJson(JSON.parse(patched), after)).toBe(true);
        expect(patched.match(/(?<!\r)\n|\r(?!\n)/g), JSON.stringify(patched)).toBeNull();
      }),
      { numRuns: 500 },
    );
    const text = '{\r\n  "list": [\r\n    { "n": 1.10 }\r\n  ]\r\n}\r\n';
    const before = JSON.parse(text) as { list: unknown[] };
    const long = { n: "x".repeat(160) };
    expect(patchJsonText(text, before, { list: [...before.list, long] })).toBe(`{\r\n  "list": [\r\n    { "n": 1.10 },\r\n    {\r\n      "n": "${long.n}"\r\n    }\r\n  ]\r\n}\r\n`);
  });

  it("keeps the other items of a list and their spelling when one is removed or added", () => {
    const text = '{\n  "list": [\n    { "n": 1.10 },\n    { "n": 2.50 },\n    { "n": 3e0 }\n  ]\n}\n';
    const before = JSON.parse(text) as { list: unknown[] };
    expect(patchJsonText(text, before, { list: [before.list[0], before.list[2]] })).toBe('{\n  "list": [\n    { "n": 1.10 },\n    { "n": 3e0 }\n  ]\n}\n');
    expect(patchJsonText(text, before, { list: [before.list[1], before.list[2]] })).toBe('{\n  "list": [\n    { "n": 2.50 },\n    { "n": 3e0 }\n  ]\n}\n');
    expect(patchJsonText(text, before, { list: [...before.list, { n: 4 }] })).toBe('{\n  "list": [\n    { "n": 1.10 },\n    { "n": 2.50 },\n    { "n": 3e0 },\n    { "n": 4 }\n  ]\n}\n');
    expect(patchJsonText(text, before, { list: [] })).toBe('{\n  "list": []\n}\n');
  });

  it("writes a value moved to another place with its original text, re-indented", () => {
    const text = '{\n  "from": [\n    {\n      "big": 12345678901234567891,\n      "x": 1.10\n    }\n  ],\n  "deep": { "to": [] }\n}\n';
    const before = JSON.parse(text) as { from: unknown[]; deep: { to: unknown[] } };
    const after = { from: [], deep: { to: [before.from[0]] } };
    expect(patchJsonText(text, before, after)).toBe('{\n  "from": [],\n  "deep": { "to": [\n    {\n      "big": 12345678901234567891,\n      "x": 1.10\n    }\n  ] }\n}\n');
  });
});
