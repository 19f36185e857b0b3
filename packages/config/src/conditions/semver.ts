/**
 * Semantic Versioning 2.0.0 for `$semver` conditions: operands are strict versions
 * (`2.1.0`, `3.0.0-beta.2`); attribute values may also carry a leading `v` and leave out the
 * minor or patch number (`v2`, `2.1` read as `2.0.0`, `2.1.0`). Build metadata is ignored.
 * Comparing an attribute allocates nothing.
 * @module
 */

/** The JSON Schema / RegExp source of a strict semantic version (the semver.org pattern). */
export const SEMVER_PATTERN =
  "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)" +
  "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
  "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$";

const STRICT = new RegExp(SEMVER_PATTERN);

/** A parsed version: numbers kept as digit strings (no leading zeros) so any size compares exactly. */
export interface Version {
  /** The major number's digits. */
  readonly major: string;
  /** The minor number's digits. */
  readonly minor: string;
  /** The patch number's digits. */
  readonly patch: string;
  /** The pre-release identifiers (empty for a release). */
  readonly prerelease: readonly string[];
}

/** Parses a strict version (a condition operand), or returns undefined. */
export function parseVersion(text: string): Version | undefined {
  const match = STRICT.exec(text);
  if (match === null) return undefined;
  return { major: match[1]!, minor: match[2]!, patch: match[3]!, prerelease: match[4] === undefined ? [] : match[4].split(".") };
}

/** Compares two digit strings without leading zeros: shorter is smaller, then character order. */
function compareDigits(a: string, aStart: number, aEnd: number, b: string): number {
  const length = aEnd - aStart;
  if (length !== b.length) return length < b.length ? -1 : 1;
  for (let i = 0; i < length; i++) {
    const d = a.charCodeAt(aStart + i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierChar(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 45;
}

/** Compares one pre-release identifier of `text` (`[start, end)`) with `b`: numeric < alphanumeric, numbers by value. */
function compareIdentifier(text: string, start: number, end: number, b: string): number {
  let numeric = true;
  for (let i = start; i < end; i++) if (!isDigit(text.charCodeAt(i))) numeric = false;
  const bNumeric = /^\d+$/.test(b);
  if (numeric && bNumeric) return compareDigits(text, start, end, b);
  if (numeric !== bNumeric) return numeric ? -1 : 1;
  const length = Math.min(end - start, b.length);
  for (let i = 0; i < length; i++) {
    const d = text.charCodeAt(start + i) - b.charCodeAt(i);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return end - start === b.length ? 0 : end - start < b.length ? -1 : 1;
}

/**
 * Compares the version in `text` (lenient: optional `v`, optional minor and patch) with `b`:
 * -1, 0 or 1, or NaN when `text` is not a version. Allocates nothing for releases.
 */
export function compareToVersion(text: string, b: Version): number {
  const n = text.length;
  let i = 0;
  if (n > 0 && (text.charCodeAt(0) === 118 || text.charCodeAt(0) === 86)) i = 1; // v or V
  let order = 0;
  for (let part = 0; part < 3; part++) {
    const expected = part === 0 ? b.major : part === 1 ? b.minor : b.patch;
    if (part > 0) {
      if (i >= n || text.charCodeAt(i) !== 46) {
        // Missing minor or patch: read as 0.
        if (order === 0 && expected !== "0") order = -1;
        continue;
      }
      i++;
    }
    const start = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    if (i === start || (text.charCodeAt(start) === 48 && i - start > 1)) return Number.NaN;
    if (order === 0) order = compareDigits(text, start, i, expected);
  }
  let hasPrerelease = false;
  if (i < n && text.charCodeAt(i) === 45) {
    hasPrerelease = true;
    i++;
    let index = 0;
    for (;;) {
      const start = i;
      let numeric = true;
      while (i < n && isIdentifierChar(text.charCodeAt(i))) {
        if (!isDigit(text.charCodeAt(i))) numeric = false;
        i++;
      }
      if (i === start || (numeric && text.charCodeAt(start) === 48 && i - start > 1)) return Number.NaN;
      if (order === 0) {
        const other = b.prerelease[index];
        // More identifiers than b, all equal so far: this one is greater.
        order = other === undefined ? (b.prerelease.length === 0 ? -1 : 1) : compareIdentifier(text, start, i, other);
      }
      index++;
      if (i < n && text.charCodeAt(i) === 46) {
        i++;
        continue;
      }
      if (order === 0 && index < b.prerelease.length) order = -1;
      break;
    }
  }
  if (i < n && text.charCodeAt(i) === 43) {
    i++;
    for (;;) {
      const start = i;
      while (i < n && isIdentifierChar(text.charCodeAt(i))) i++;
      if (i === start) return Number.NaN;
      if (i < n && text.charCodeAt(i) === 46) {
        i++;
        continue;
      }
      break;
    }
  }
  if (i !== n) return Number.NaN;
  if (order === 0 && !hasPrerelease && b.prerelease.length > 0) order = 1;
  return order;
}
