import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "../scripts/canonical-json.mjs";
import type { DecisionVectorFile } from "../src/index.ts";
import { countDecisionCases, readDecisionVectors } from "./support/decision-vector-file.ts";

const changelog = await readFile(new URL("../vectors/decision-vectors.CHANGELOG.md", import.meta.url), "utf8");

/** The SHA-256 of the vectors' canonical JSON (keys sorted, no whitespace). */
function canonicalSha256(vectors: DecisionVectorFile): string {
  return createHash("sha256").update(canonicalJson(vectors)).digest("hex");
}

/** The pin recorded in decision-vectors.CHANGELOG.md under `## <version>`. */
function recordedPin(version: string): { count: number; sha256: string } {
  const section = changelog
    .split(/^## /m)
    .slice(1)
    .find((s) => s.startsWith(`${version}\n`) || s.startsWith(`${version} `));
  if (section === undefined) throw new Error(`vectors/decision-vectors.CHANGELOG.md has no "## ${version}" entry`);
  const match = /^Pin: (\d+) cases, canonical SHA-256 ([0-9a-f]{64})$/m.exec(section);
  if (match === null) throw new Error(`the "## ${version}" entry of vectors/decision-vectors.CHANGELOG.md has no "Pin: N cases, canonical SHA-256 <hex>" line`);
  return { count: Number(match[1]), sha256: match[2] as string };
}

/** The least each suite must hold; lowering one is a deliberate act. */
const MINIMUM_CASES = { layered: 290, bandits: 120, percents: 100 };

describe("the decision vector file is pinned", () => {
  const vectors = readDecisionVectors();

  it("its specVersion is the newest entry of decision-vectors.CHANGELOG.md", () => {
    expect(/^## (\S+)/m.exec(changelog)?.[1]).toBe(vectors.specVersion);
  });

  it("has the case count and canonical SHA-256 recorded there, so a changed decision needs a new entry", () => {
    const pin = recordedPin(vectors.specVersion);
    expect(countDecisionCases(vectors)).toBe(pin.count);
    expect(canonicalSha256(vectors)).toBe(pin.sha256);
  });

  it("changes its pin when one expected group changes", () => {
    const pin = recordedPin(vectors.specVersion);
    const altered = readDecisionVectors();
    const assignment = altered.suites[1]?.cases[0]?.expected.assignments[0];
    if (assignment === undefined) throw new Error("no bandit assignment");
    assignment.group = `${assignment.group}-moved`;
    expect(canonicalSha256(altered)).not.toBe(pin.sha256);
  });

  it("holds at least 300 cases, and the minimum of each suite", () => {
    expect(countDecisionCases(vectors)).toBeGreaterThanOrEqual(300);
    for (const [name, minimum] of Object.entries(MINIMUM_CASES)) {
      expect(vectors.suites.find((suite) => suite.name === name)?.cases.length ?? 0, name).toBeGreaterThanOrEqual(minimum);
    }
  });
});
