/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no whitespace, arrays in order,
 * lone surrogates escaped (as JSON.stringify does). Two files with the same content have the
 * same canonical JSON whatever their formatting, so its SHA-256 pins the vectors.
 * @module
 */

/**
 * The canonical JSON text of `value` (plain JSON data only).
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = /** @type {Record<string, unknown>} */ (value);
    const entries = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
