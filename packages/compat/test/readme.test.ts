/**
 * The README's claims about the platforms, read from the README itself and checked against the
 * real SDKs, so the text cannot drift from what they do.
 */
import { readFileSync } from "node:fs";
import { createSegmenter, createSegmenterContext } from "@strata/segmenters";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { growthbook, growthbookHash, unleash, type GrowthBookOptions, type UnleashOptions } from "../src/index.ts";
import { IDS } from "./support/ids.ts";
import { goOffline, type OfflineReport } from "./support/offline.ts";
import { growthbookOracle, unleashOracle } from "./support/oracles.ts";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
/** The README with every run of whitespace folded into one space, so sentences spanning lines match. */
const text = readme.replace(/\s+/g, " ");
/** The README's JSON examples. */
const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((match) => JSON.parse(match[1]!));
const request = { attributes: {}, now: 0 };

let stopGuard: () => OfflineReport;
beforeAll(() => {
  stopGuard = goOffline();
});
afterAll(() => expect(stopGuard()).toEqual({ network: [], console: 0 }));

describe("README: GrowthBook's floating-point weights", () => {
  const claim = /with the seed `([^`]+)` above, v2 `([^`]+)` and v1 `([^`]+)` \(both n = 0\.3\) get `([^`]+)`\. Under the example's coverage ([\d.]+) they get no group/.exec(text);

  it("names a seed, two ids and a group", () => expect(claim).not.toBeNull());

  const [, seed, v2Id, v1Id, group, coverageText] = claim ?? [];
  const experiment = examples.find((example) => example.segmenter?.seed === seed);
  const options = experiment?.segmenter as (GrowthBookOptions & { type: string }) | undefined;

  it("refers to the JSON example above it, whose weights are 0.1/0.2/0.7", () => {
    expect(options?.groups.map((g) => g.weight)).toEqual([0.1, 0.2, 0.7]);
    expect(options?.coverage).toBe(Number(coverageText));
  });

  it("holds for the segmenter and for the GrowthBook SDK, with full coverage and with the example's", () => {
    const sdk = growthbookOracle();
    const { type: _type, coverage, ...rest } = options!;
    for (const [version, id] of [[2, v2Id], [1, v1Id]] as const) {
      expect(growthbookHash(seed!, id!, version)).toBe(0.3);
      for (const [share, expected] of [[1, group], [coverage!, null]] as const) {
        const segmenter = createSegmenter(growthbook, { ...rest, hashVersion: version, coverage: share }, createSegmenterContext({ experimentId: "readme" }));
        const fromSdk = sdk.experiment(
          { key: seed!, seed: seed!, hashVersion: version, coverage: share, variations: [0, 1, 2], weights: [0.1, 0.2, 0.7], meta: rest.groups.map((g) => ({ key: g.id })) },
          { id },
        );
        expect([version, id, share, segmenter.assign(id!, request)]).toEqual([version, id, share, expected]);
        expect([version, id, share, fromSdk]).toEqual([version, id, share, expected]);
      }
    }
    sdk.close();
  });
});

describe("README: an Unleash strategy without a groupId", () => {
  const advice = /A strategy without one hashes `":" \+ id` for its rollout but `"undefined:" \+ id` for its variants in the Node client .*? write `([^`]+)`/.exec(text);

  it("says which options to write", () => expect(advice).not.toBeNull());

  const written = JSON.parse(`{${advice?.[1] ?? ""}}`) as Pick<UnleashOptions, "groupId" | "variantGroupId">;
  const variant = (name: string, weight: number) => ({ name, weight, weightType: "variable", stickiness: "default" });
  const toggles = [
    { name: "plain", enabled: true, strategies: [{ name: "flexibleRollout", parameters: { rollout: "40", stickiness: "default" }, constraints: [] }], variants: [] },
    {
      name: "variants",
      enabled: true,
      strategies: [{ name: "flexibleRollout", parameters: { rollout: "60", stickiness: "default" }, constraints: [], variants: [variant("a", 300), variant("b", 700)] }],
      variants: [],
    },
  ];

  it(`decides like unleash-client for a rollout and for variants, on ${IDS.length} ids`, () => {
    const sdk = unleashOracle(toggles);
    const context = createSegmenterContext({ experimentId: "readme" });
    const plain = createSegmenter(unleash, { ...written, rollout: 40, groups: [{ id: "on" }] }, context);
    const variants = createSegmenter(unleash, { ...written, rollout: 60, groups: [{ id: "a", weight: 300 }, { id: "b", weight: 700 }] }, context);
    const mismatches: string[] = [];
    let inVariants = 0;
    for (const id of IDS) {
      const enabled = sdk.isEnabled("plain", { userId: id }) ? "on" : null;
      const chosen = sdk.variant("variants", { userId: id });
      if (chosen !== null) inVariants++;
      if (plain.assign(id, request) !== enabled) mismatches.push(`plain ${id}`);
      if (variants.assign(id, request) !== chosen) mismatches.push(`variants ${id}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(inVariants).toBeGreaterThan(IDS.length / 2);
  });
});
