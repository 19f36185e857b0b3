/**
 * JSON the way Strata's example configs are written: a value that fits on its line stays on one
 * line (`[[0, 100]]`, `{ "id": "control" }`), anything longer opens up, two spaces per level.
 * `allocate --write` uses it so a rewritten config keeps a small, readable diff.
 * @module
 */

/** Formats `value` as JSON, keeping values inline while their line fits in `width` characters. */
export function formatJson(value: unknown, width = 160): string {
  return `${format(value, "", 0, width)}\n`;
}

function format(value: unknown, indent: string, prefix: number, width: number): string {
  const flat = inline(value);
  if (indent.length + prefix + flat.length <= width || !isContainer(value) || isEmpty(value)) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.map((item) => `${inner}${format(item, inner, 0, width)}`);
    return `[\n${items.join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .map(([key, item]) => {
      const label = `${JSON.stringify(key)}: `;
      return `${inner}${label}${format(item, inner, label.length, width)}`;
    });
  return `{\n${entries.join(",\n")}\n${indent}}`;
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(", ")}]`;
  if (isContainer(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
    return entries.length === 0 ? "{}" : `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value) ?? "null";
}

function isContainer(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

function isEmpty(value: object): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}
