/**
 * Writing a changed JSON value back into the text it was read from: only the values that differ
 * are rewritten, in place, and every other byte is kept — number spellings (`1.10`,
 * `12345678901234567891`), string escapes, spacing and key order. A value moved elsewhere (an
 * experiment moved to another layer) keeps its original text too. `allocate --write` uses it.
 * @module
 */
import { formatJsonAt, type FormatOptions } from "./json-format.ts";
import { locateJson, type JsonArraySpan, type JsonObjectSpan, type JsonSpan } from "./json-spans.ts";
import { lineEnding } from "./line-ending.ts";

/** One replacement: `text.slice(start, end)` becomes `text()` (computed once every removed value is known). */
interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: () => string;
}

/** A value that is removed from the text, whose original text can be reused where an equal value is added. */
interface Donor {
  readonly value: unknown;
  readonly span: JsonSpan;
}

/** An item of an object or array: a member from its key, or an array item. */
interface ItemSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * `text`, the JSON of `before`, rewritten to hold `after`: each value of `after` equal to the
 * value at the same place in `before` keeps its text; objects and arrays that changed are edited
 * member by member and item by item. New lines end as the text's first line does (`\r\n` in a
 * CRLF file). Throws SyntaxError when `text` is not JSON.
 */
export function patchJsonText(text: string, before: unknown, after: unknown): string {
  const patcher = new Patcher(text);
  patcher.value(locateJson(text), before, after);
  return patcher.result();
}

/** True when `a` and `b` are the same JSON value (members that are undefined do not count; key order does not matter). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = definedKeys(a);
  return keys.length === definedKeys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]));
}

class Patcher {
  private readonly edits: Edit[] = [];
  private readonly donors: Donor[] = [];
  /** How new values are formatted: 160 characters wide, as `formatJson` does, with the text's line ending. */
  private readonly format: FormatOptions;

  constructor(private readonly text: string) {
    this.format = { width: 160, newline: lineEnding(text) };
  }

  /** Records the edits that turn the value at `span` (which holds `before`) into `after`. */
  value(span: JsonSpan, before: unknown, after: unknown): void {
    if (sameJson(before, after)) return;
    if (span.kind === "object" && isObject(before) && isObject(after)) this.object(span, before, after);
    else if (span.kind === "array" && Array.isArray(before) && Array.isArray(after) && span.items.length === before.length) this.array(span, before, after);
    else this.edits.push({ start: span.start, end: span.end, text: () => this.render(after, span.start) });
  }

  /** The text with every edit applied. */
  result(): string {
    const edits = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = "";
    let at = 0;
    for (const edit of edits) {
      out += this.text.slice(at, edit.start) + edit.text();
      at = edit.end;
    }
    return out + this.text.slice(at);
  }

  private object(span: JsonObjectSpan, before: Record<string, unknown>, after: Record<string, unknown>): void {
    // JSON.parse keeps the last of repeated keys, so only that member holds the value.
    const last = new Map(span.members.map((member, index) => [member.key, index]));
    const removed = new Set<number>();
    span.members.forEach((member, index) => {
      if (last.get(member.key) !== index) return;
      if (after[member.key] === undefined) {
        if (before[member.key] !== undefined) removed.add(index);
      } else this.value(member.value, before[member.key], after[member.key]);
    });
    const added = definedKeys(after).filter((key) => !last.has(key) && !sameJson(before[key], after[key]));
    const inserted = added.map((key) => (indent: string) => {
      const label = `${JSON.stringify(key)}: `;
      return `${label}${formatJsonAt(after[key], indent, label.length, this.format, this.known)}`;
    });
    const items = span.members.map((member) => ({ start: member.start, end: member.value.end }));
    removed.forEach((index) => this.donate(before[span.members[index]!.key], span.members[index]!.value));
    this.list(span, items, removed, items.length, inserted, after);
  }

  private array(span: JsonArraySpan, before: readonly unknown[], after: readonly unknown[]): void {
    let head = 0;
    while (head < before.length && head < after.length && sameJson(before[head], after[head])) head++;
    let tail = 0;
    while (tail < before.length - head && tail < after.length - head && sameJson(before[before.length - 1 - tail], after[after.length - 1 - tail])) tail++;
    const oldEnd = before.length - tail;
    const newEnd = after.length - tail;
    if (oldEnd - head === newEnd - head) {
      for (let index = head; index < oldEnd; index++) this.value(span.items[index]!, before[index], after[index]);
      return;
    }
    const removed = new Set<number>();
    for (let index = head; index < oldEnd; index++) {
      removed.add(index);
      this.donate(before[index], span.items[index]!);
    }
    const inserted = after.slice(head, newEnd).map((item) => (indent: string) => formatJsonAt(item, indent, 0, this.format, this.known));
    this.list(span, span.items, removed, head, inserted, after);
  }

  /**
   * Removes the `removed` items of a container and inserts new ones before item `at` (the end when
   * `at` is the item count), reusing the container's own separator (`,\n    ` or `, `).
   */
  private list(span: JsonSpan, items: readonly ItemSpan[], removed: ReadonlySet<number>, at: number, inserted: readonly ((indent: string) => string)[], after: unknown): void {
    if (removed.size === 0 && inserted.length === 0) return;
    const kept = items.length - removed.size;
    if (kept === 0) {
      // Nothing of the old list stays: the container is written anew.
      this.edits.push({ start: span.start, end: span.end, text: () => this.render(after, span.start) });
      return;
    }
    const separator = this.separator(span, items);
    const indent = this.lineIndent(items[Math.max(0, at - 1)]!.start);
    let leading = 0;
    while (removed.has(leading)) leading++;
    if (leading > 0) this.edits.push({ start: items[0]!.start, end: items[leading]!.start, text: () => "" });
    for (const index of removed) if (index >= leading) this.edits.push({ start: items[index - 1]!.end, end: items[index]!.end, text: () => "" });
    if (inserted.length === 0) return;
    const texts = (): string[] => inserted.map((render) => render(indent));
    if (at > 0) {
      this.edits.push({ start: items[at - 1]!.end, end: items[at - 1]!.end, text: () => `${separator}${texts().join(separator)}` });
    } else {
      const first = items[leading]!.start;
      this.edits.push({ start: first, end: first, text: () => `${texts().join(separator)}${separator}` });
    }
  }

  /** The text between two items of the container: its own when it has two, else a comma, a line ending and the item's indentation, or `, `. */
  private separator(span: JsonSpan, items: readonly ItemSpan[]): string {
    if (items.length >= 2) return this.text.slice(items[0]!.end, items[1]!.start);
    return this.lineStart(items[0]!.start) > span.start ? `,${this.format.newline}${this.lineIndent(items[0]!.start)}` : ", ";
  }

  /** Keeps a removed value (and every object and array in it) so an equal value added elsewhere reuses its text. */
  private donate(value: unknown, span: JsonSpan): void {
    if (span.kind === "scalar") return;
    if (span.kind === "object" ? span.members.length > 0 : span.items.length > 0) this.donors.push({ value, span });
    if (span.kind === "object" && isObject(value)) for (const member of span.members) this.donate(value[member.key], member.value);
    if (span.kind === "array" && Array.isArray(value)) span.items.forEach((item, index) => this.donate(value[index], item));
  }

  /** The original text of a removed value equal to `value`, re-indented for a line indented by `indent`. */
  private readonly known = (value: unknown, indent: string): string | undefined => {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    const donor = this.donors.find((candidate) => sameJson(candidate.value, value));
    if (donor === undefined) return undefined;
    const own = this.lineIndent(donor.span.start);
    // Each line keeps its own line ending; only the indentation of the lines after the first changes.
    return this.text
      .slice(donor.span.start, donor.span.end)
      .split(/(?<=\r\n|\n|\r(?!\n))/)
      .map((line, index) => (index > 0 && line.startsWith(own) ? indent + line.slice(own.length) : line))
      .join("");
  };

  /** `value` formatted for the place at `offset`: indented like its line, after what the line holds before it. */
  private render(value: unknown, offset: number): string {
    const indent = this.lineIndent(offset);
    const lineStart = this.lineStart(offset);
    return formatJsonAt(value, indent, offset - lineStart - indent.length, this.format, this.known);
  }

  private lineStart(offset: number): number {
    return Math.max(this.text.lastIndexOf("\n", offset - 1), this.text.lastIndexOf("\r", offset - 1)) + 1;
  }

  /** The spaces and tabs that start the line holding `offset`. */
  private lineIndent(offset: number): string {
    const start = this.lineStart(offset);
    let end = start;
    while (end < offset && (this.text[end] === " " || this.text[end] === "\t")) end++;
    return this.text.slice(start, end);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function definedKeys(value: Record<string, unknown>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}
