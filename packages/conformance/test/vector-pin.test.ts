import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../scripts/canonical-json.mjs";
import type { HashVectorFile } from "../src/index.ts";
import { countByCategory, countCases, readVectors } from "./support/vector-file.ts";

const changelog = await readFile(new URL("../vectors/CHANGELOG.md", import.meta.url), "utf8");

/** The SHA-256 of the vectors' canonical JSON (keys sorted, no whitespace). */
function canonicalSha256(vectors: HashVectorFile): string {
  return createHash("sha256").update(canonicalJson(vectors)).digest("hex");
}

/** The pin recorded in CHANGELOG.md under `## <version>`. */
function recordedPin(version: string): { count: number; sha256: string } {
  const sections = changelog.split(/^## /m).slice(1);
  const section = sections.find((s) => s.startsWith(`${version}\n`) || s.startsWith(`${version} `));
  if (section === undefined) throw new Error(`vectors/CHANGELOG.md has no "## ${version}" entry`);
  const match = /^Pin: (\d+) cases, canonical SHA-256 ([0-9a-f]{64})$/m.exec(section);
  if (match === null) throw new Error(`the "## ${version}" entry of vectors/CHANGELOG.md has no "Pin: N cases, canonical SHA-256 <hex>" line`);
  return { count: Number(match[1]), sha256: match[2] as string };
}

/** The least each category must hold; lowering one is a deliberate act. */
const MINIMUM_CASES = {
  scheme: 272,
  murmur3_x86_32: 68,
  md5: 23,
  sha1: 21,
  sha256: 21,
  fnv1a32: 22,
  fnv1a32_utf16: 23,
  utf8: 31,
};
const MINIMUM_CASES_PER_SCHEME = { "strata/v1": 136, "md5-prefix": 136 };

describe("the vector file is pinned", () => {
  const vectors = readVectors();

  it("its specVersion is the newest CHANGELOG.md entry", () => {
    expect(/^## (\S+)/m.exec(changelog)?.[1]).toBe(vectors.specVersion);
  });

  it("has the case count and canonical SHA-256 recorded in CHANGELOG.md", () => {
    const pin = recordedPin(vectors.specVersion);
    expect(countCases(vectors)).toBe(pin.count);
    expect(canonicalSha256(vectors)).toBe(pin.sha256);
  });

  it("changes its pin when any case is removed or altered", () => {
    const pin = recordedPin(vectors.specVersion);
    const removed = readVectors();
    removed.cases.utf8.pop();
    expect(countCases(removed)).not.toBe(pin.count);
    expect(canonicalSha256(removed)).not.toBe(pin.sha256);
    const altered = readVectors();
    const first = altered.cases.scheme[0];
    if (first === undefined) throw new Error("no scheme case");
    first.expected.bucket += 1;
    expect(canonicalSha256(altered)).not.toBe(pin.sha256);
  });

  it("holds at least the minimum number of cases in each category and scheme", () => {
    const counts = countByCategory(vectors);
    for (const [category, minimum] of Object.entries(MINIMUM_CASES)) {
      expect(counts[category as keyof typeof counts], category).toBeGreaterThanOrEqual(minimum);
    }
    for (const [scheme, minimum] of Object.entries(MINIMUM_CASES_PER_SCHEME)) {
      expect(vectors.cases.scheme.filter((c) => c.input.scheme === scheme).length, scheme).toBeGreaterThanOrEqual(minimum);
    }
    expect(countCases(vectors)).toBeGreaterThanOrEqual(300);
  });
});
