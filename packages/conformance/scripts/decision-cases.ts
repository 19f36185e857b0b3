/**
 * The requests of the decision vectors, per suite: seeded samples of ordinary traffic, and
 * named cases for every edge the engine must get right (unit forms, nested domains, forced
 * groups, allow-lists, schedules, days, conditions, bandit statistics). Their expected
 * decisions come from the engine (scripts/generate-decisions.ts).
 * @module
 */
import { bucket } from "@strata/hash";
import type { DecisionInput } from "../src/index.ts";
import { percentExperiments } from "./decision-configs.ts";
import { doubleHundredths, edgeBuckets, exactHundredths, EXPERIMENT_BUCKETS, groupAtBucket, percentRanges } from "./percent-layouts.ts";
import { seededRandom } from "./seeded-random.mjs";

/** A case before its decision is known. */
export interface CaseInput {
  /** Unique across the file; starts with the suite's name. */
  name: string;
  /** The request and its time. */
  input: DecisionInput;
}

/** The time of cases that do not say otherwise: inside every schedule of the layered config. */
const NOW = "2025-03-15T12:00:00.000Z";

/** Request attributes of typical visitors, by profile name. */
const profiles: Record<string, Record<string, unknown>> = {
  "DE iOS app 2.4.1": { country: "DE", platform: "ios", appVersion: "2.4.1" },
  "US web Firefox": { country: "US", platform: "web", userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" },
  "FR Android app 2.0.9": { country: "FR", platform: "android", appVersion: "2.0.9" },
  "CA web Chrome": {
    country: "CA",
    platform: "web",
    userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  },
  "JP, nothing else": { country: "JP" },
  "NL Android app v2.1": { country: "NL", platform: "android", appVersion: "v2.1" },
  "no attributes": {},
};

/** Times the samples cycle through: inside the schedule, its last millisecond, after it, before it. */
const sampleTimes = ["2025-03-15T12:00:00.000Z", "2025-06-30T21:59:59.999Z", "2025-08-01T08:30:00.000Z", "2024-12-31T23:59:59.999Z"];

/** Seeded samples of the layered config's traffic: every user has a userId and a cookieId, every third a deviceId. */
function layeredSamples(count: number): CaseInput[] {
  const random = seededRandom(0x5eed0002);
  const names = Object.keys(profiles);
  const cases: CaseInput[] = [];
  for (let i = 0; i < count; i++) {
    const profile = names[Math.floor(random() * names.length)] as string;
    const now = sampleTimes[i % sampleTimes.length] as string;
    const units: Record<string, string> = { userId: `user-${i}`, cookieId: `cookie-${(i * 7919) % 100_003}` };
    if (i % 3 === 0) units.deviceId = `device-${i}`;
    const attributes = profiles[profile] as Record<string, unknown>;
    cases.push({
      name: `layered: sample ${String(i + 1).padStart(3, "0")}, user-${i}${units.deviceId ? " with a device" : ""}, ${profile}, at ${now}`,
      input: { units, ...(Object.keys(attributes).length > 0 ? { attributes } : {}), now },
    });
  }
  return cases;
}

/** A named case of the layered config: a userId unless `units` says otherwise, the default time unless `now` does. */
function layered(name: string, input: Partial<DecisionInput>): CaseInput {
  return { name: `layered: ${name}`, input: { units: input.units ?? {}, ...input, now: input.now ?? NOW } };
}

const EU_APP = { country: "DE", platform: "ios", appVersion: "2.4.1" };

/** Unit forms: missing, null, empty, numeric, non-ASCII, lone surrogates. */
const unitCases: CaseInput[] = [
  layered("no units at all: every default", { units: {} }),
  layered("userId null and cookieId empty: no units, every default", { units: { userId: null, cookieId: "" } }),
  layered("only a cookieId: nested domains are entered under it, userId experiments are skipped", { units: { cookieId: "cookie-only-1" }, attributes: EU_APP }),
  layered("only a cookieId (second)", { units: { cookieId: "cookie-b-0" }, attributes: EU_APP }),
  layered("only a deviceId, on the kiosk list: kiosk-1", { units: { deviceId: "kiosk-1" } }),
  layered("only a deviceId, on the kiosk list but its bucket outside the slot: kiosk-0", { units: { deviceId: "kiosk-0" } }),
  layered("only a deviceId: numeric 1006, on the kiosk list as \"1006\"", { units: { deviceId: 1006 } }),
  layered("userId whose bucket holds onboarding-app (conditions unmet), then the deviceId's bucket: on the tv list (an astral character as a surrogate pair)", {
    units: { userId: "target-2", deviceId: "\uDBFF\uDFFFtv-0" },
  }),
  layered("userId and a deviceId on the tv list: tv-2", { units: { userId: "target-2", deviceId: "tv-2" } }),
  layered("userId whose bucket holds the device experiment (other diversion), then a CJK deviceId on the kiosk list", { units: { userId: "target-4", deviceId: "デバイス-4" } }),
  layered("numeric userId 42", { units: { userId: 42, cookieId: "c-42" }, attributes: EU_APP }),
  layered("string userId \"42\" (the twin of 42)", { units: { userId: "42", cookieId: "c-42" }, attributes: EU_APP }),
  layered("numeric userId 18: in the beta domain, on the semantic list as \"18\"", { units: { userId: 18 } }),
  layered("numeric userId 0: in the beta domain, on the hybrid list as \"0\"", { units: { userId: 0 } }),
  layered("numeric userId -7", { units: { userId: -7 }, attributes: EU_APP }),
  layered("numeric userId 1.5", { units: { userId: 1.5 }, attributes: EU_APP }),
  layered("numeric userId 7: on the allow-list as \"7\"", { units: { userId: 7 } }),
  layered("numeric userId 2147483648", { units: { userId: 2147483648 } }),
  layered("beta domain, semantic list: beta-42", { units: { userId: "beta-42" } }),
  layered("beta domain, semantic list: beta-51", { units: { userId: "beta-51" } }),
  layered("beta domain, hybrid list: beta-52", { units: { userId: "beta-52" } }),
  layered("beta domain, not listed: the default group", { units: { userId: "beta-103" } }),
  layered("beta domain, precomposed ë on the semantic list: Zoë-1", { units: { userId: "Zoë-1" } }),
  layered("e + combining diaeresis, not the listed Zoë-1", { units: { userId: "Zoe\u0308-1" } }),
  layered("beta domain, CJK on the semantic list: 用户-22", { units: { userId: "用户-22" } }),
  layered("beta domain, emoji on the hybrid list: 😀-fan-10", { units: { userId: "😀-fan-10" } }),
  layered("beta domain, lone high surrogate on the semantic list: \\uD800lone-7", { units: { userId: "\uD800lone-7" } }),
  layered("U+FFFD twin of \\uD800lone-7: same buckets (both hash as U+FFFD), not on the list", { units: { userId: "\uFFFDlone-7" } }),
  layered("lone low surrogate unit", { units: { userId: "\uDC00", cookieId: "\uDC00" }, attributes: EU_APP }),
  layered("surrogates in the wrong order", { units: { userId: "\uDC00\uD800", cookieId: "c\uDC00\uD800" }, attributes: EU_APP }),
  layered("trailing high surrogate (must not pair with the salt's first character)", { units: { userId: "u\uD83D", cookieId: "c\uD83D" }, attributes: EU_APP }),
  layered("emoji ZWJ sequence", { units: { userId: "👨‍👩‍👧‍👦", cookieId: "🍪" }, attributes: EU_APP }),
  layered("Arabic and Hebrew", { units: { userId: "مستخدم-٤٢", cookieId: "עוגיה" }, attributes: EU_APP }),
  layered("NUL and a tab inside the unit", { units: { userId: "a\u0000b\tc", cookieId: "c\u0000" }, attributes: EU_APP }),
  layered("a unit that looks like a @day id", { units: { userId: "user-1@2025-03-15" }, attributes: EU_APP }),
  layered("a 1 KB userId", { units: { userId: "x".repeat(1024), cookieId: "y".repeat(1024) }, attributes: EU_APP }),
  layered("a unit named __proto__", { units: { userId: "__proto__", cookieId: "constructor" }, attributes: EU_APP }),
];

/** Holdout, allow-lists and forced groups (a forced group or an allow-listed unit wins its layer whatever the bucket). */
const overrideCases: CaseInput[] = [
  layered("holdout: held-14 gets the defaults below the root launch", { units: { userId: "held-14", cookieId: "held-c-14" }, attributes: EU_APP }),
  layered("holdout: held-31", { units: { userId: "held-31" }, attributes: EU_APP }),
  layered("holdout: held-39 with a deviceId on the kiosk list (not reached)", { units: { userId: "held-39", deviceId: "kiosk-2" } }),
  layered("allow-list: qa-alice is green", { units: { userId: "qa-alice" } }),
  layered("allow-list: Zoë-QA is green", { units: { userId: "Zoë-QA" } }),
  layered("allow-list: qa-alice-34 is green although its bucket is in the holdout", { units: { userId: "qa-alice-34" } }),
  layered("allow-list: qa-carol-5 is green although its bucket is in the beta domain", { units: { userId: "qa-carol-5" } }),
  layered("allow-list: a unit with a lone low surrogate is orange", { units: { userId: "qa-\uDC00bob" } }),
  layered("allow-list: the U+FFFD twin of the lone-surrogate unit is not on it", { units: { userId: "qa-\uFFFDbob" } }),
  layered("allow-list of a paused experiment: ignored, its slot gives nothing", { units: { userId: "qa-paused-2" } }),
  layered("allow-list: vip-1 enters the nested checkout-deep domain", { units: { userId: "vip-1" } }),
  layered("allow-list: Ünïcödé-VIP enters the nested checkout-deep domain", { units: { userId: "Ünïcödé-VIP" } }),
  layered("allow-list: qa-alice forced to orange (forced comes first)", { units: { userId: "qa-alice" }, forced: { "button-color": "orange" } }),
  layered("forced green for a unit in the holdout", { units: { userId: "held-14" }, forced: { "button-color": "green" } }),
  layered("forced green for a unit in the beta domain", { units: { userId: "beta-42" }, forced: { "button-color": "green" } }),
  layered("forced green for a unit outside the slot (paused experiment's buckets)", { units: { userId: "paused-6" }, forced: { "button-color": "green" } }),
  layered("forced group that is not a group: ignored", { units: { userId: "paused-6" }, forced: { "button-color": "purple" } }),
  layered("forced group of a paused experiment: ignored", { units: { userId: "paused-6" }, forced: { "button-color-paused": "red" } }),
  layered("forced unknown experiment: ignored", { units: { userId: "user-1" }, forced: { "no-such-experiment": "on" } }),
  layered("forced two experiments of one layer: the first slot wins", { units: { userId: "size-2" }, forced: { "size-na": "small", "size-eu": "large" } }),
  layered("forced ignores conditions", { units: { userId: "size-0" }, attributes: { country: "JP" }, forced: { "size-na": "small" } }),
  layered("forced bandit arm", { units: { userId: "user-5", cookieId: "cookie-b-0" }, forced: { "headline-bandit": "deals" } }),
  layered("forced bandit arm without the cookieId it diverts on: ignored", { units: { userId: "user-5" }, forced: { "headline-bandit": "deals" } }),
  layered("allow-listed cookieId in the bandit", { units: { userId: "user-6", cookieId: "cookie-qa" } }),
  layered("forced @day experiment", { units: { userId: "held-31" }, forced: { "daily-promo": "ten-off" } }),
  layered("allow-list of a @day experiment (matches the unit, not the unit@day id)", { units: { userId: "gift-tester" } }),
  layered("forced experiment in the nested checkout-deep domain", { units: { userId: "user-8" }, forced: { "express-checkout": "control" } }),
  layered("forced experiment of the beta domain", { units: { userId: "user-9" }, forced: { "beta-search": "hybrid" } }),
  layered("forced launch", { units: { userId: "user-10" }, forced: { "dark-theme-launch": "on", "free-shipping-launch": "on" } }),
  layered("forced rollout group", { units: { userId: "user-11" }, forced: { "new-checkout": "wallet" } }),
  layered("forced scheduled experiment outside its schedule: ignored", {
    units: { userId: "sched-0" },
    forced: { "theme-contrast": "high-contrast" },
    now: "2025-08-01T00:00:00.000Z",
  }),
  layered("forced scheduled experiment inside its schedule", { units: { userId: "held-39" }, forced: { "theme-contrast": "high-contrast" } }),
  layered("forced draft experiment: ignored", { units: { userId: "user-12" }, forced: { "recs-draft": "trending" } }),
  layered("forced in a 100-bucket layer", { units: { userId: "user-13" }, forced: { "recs-model": "popular" } }),
  layered("forced device experiment without a deviceId: ignored", { units: { userId: "target-2" }, forced: { "onboarding-devices": "tv" } }),
  layered("forced device experiment with a deviceId", { units: { userId: "target-2", deviceId: "not-listed" }, forced: { "onboarding-devices": "tv" } }),
  layered("forced everywhere at once", {
    units: { userId: "held-14", cookieId: "cookie-b-1", deviceId: "d-1" },
    forced: {
      "dark-theme-launch": "on",
      "free-shipping-launch": "on",
      "theme-contrast": "control",
      "button-color": "orange",
      "size-eu": "control",
      "headline-bandit": "returns",
      "daily-promo": "none",
      "onboarding-web": "checklist",
      "recs-model": "personal",
    },
  }),
];

/** Schedules (start inclusive, end exclusive; the end written with a +02:00 offset) and `userId@day`. */
const timeCases: CaseInput[] = [
  layered("schedule: 1 ms before the start", { units: { userId: "sched-0" }, now: "2024-12-31T23:59:59.999Z" }),
  layered("schedule: exactly the start", { units: { userId: "sched-0" }, now: "2025-01-01T00:00:00.000Z" }),
  layered("schedule: 1 ms before the end (2025-07-01T00:00:00+02:00)", { units: { userId: "sched-0" }, now: "2025-06-30T21:59:59.999Z" }),
  layered("schedule: exactly the end", { units: { userId: "sched-0" }, now: "2025-06-30T22:00:00.000Z" }),
  layered("schedule: second unit, inside", { units: { userId: "sched-7" }, now: "2025-04-01T00:00:00.000Z" }),
  layered("schedule: second unit, after", { units: { userId: "sched-7" }, now: "2026-01-01T00:00:00.000Z" }),
  ...["2025-03-15T00:00:00.000Z", "2025-03-15T23:59:59.999Z", "2025-03-16T00:00:00.000Z", "2025-03-17T06:00:00.000Z", "2025-03-18T18:00:00.000Z"].map((now) =>
    layered(`@day: user-day-1 at ${now}`, { units: { userId: "user-day-1" }, now }),
  ),
  layered("@day: the last millisecond of 2025", { units: { userId: "user-day-2" }, now: "2025-12-31T23:59:59.999Z" }),
  layered("@day: the first millisecond of 2026", { units: { userId: "user-day-2" }, now: "2026-01-01T00:00:00.000Z" }),
  layered("@day: a leap day", { units: { userId: "user-day-3" }, now: "2024-02-29T12:00:00.000Z" }),
  layered("@day: the epoch", { units: { userId: "user-day-4" }, now: "1970-01-01T00:00:00.000Z" }),
  layered("@day: a numeric userId", { units: { userId: 2025 }, now: "2025-03-15T08:00:00.000Z" }),
  layered("@day: a lone-surrogate userId", { units: { userId: "\uD83Dday" }, now: "2025-03-15T08:00:00.000Z" }),
];

/** Conditions: $in (case-sensitive, scalars only), $semver (pre-releases, v prefix, short forms, build metadata), $regex with the i flag. */
const conditionCases: CaseInput[] = [
  ...(
    [
      ["2.1.0", "the range's lower end"],
      ["2.0.9", "below the range"],
      ["3.0.0", "the excluded upper end"],
      ["3.0.0-rc.1", "a pre-release of 3.0.0, so below it"],
      ["2.1.0-beta", "a pre-release of 2.1.0, so below it"],
      ["v2.1", "a v prefix and no patch (2.1.0)"],
      ["2.9", "no patch (2.9.0)"],
      ["2", "major only (2.0.0)"],
      ["2.5.0+build.7", "build metadata, ignored"],
      ["latest", "not a version"],
      [2.5, "a number, not a version string"],
    ] as const
  ).map(([appVersion, about]) =>
    layered(`$semver: appVersion ${JSON.stringify(appVersion)} (${about})`, { units: { userId: "target-2" }, attributes: { platform: "ios", appVersion } }),
  ),
  layered("$semver: the right version on a platform not listed", { units: { userId: "target-2" }, attributes: { platform: "web", appVersion: "2.4.0" } }),
  layered("$in: platform android", { units: { userId: "target-4" }, attributes: { platform: "android", appVersion: "2.2.2" } }),
  ...(
    [
      ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox"],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari only: no match"],
      ["mozilla/5.0 (linux) chrome/126", "lower case, matched with the i flag"],
      ["Mozilla/5.0 FIREFOX/99", "upper case, matched with the i flag"],
      ["Mozilla/5.0 Firefox/", "no version digits: no match"],
      ["Opera/9.80 Firefox/1", "not starting with Mozilla/5.0: no match"],
      [`Mozilla/5.0 ${"x".repeat(1100)} Firefox/1`, "over 1,024 characters: never matches"],
      [5, "a number: no match"],
    ] as const
  ).map(([userAgent, about]) => layered(`$regex: userAgent, ${about}`, { units: { userId: "target-2" }, attributes: { platform: "web", userAgent } })),
  ...(
    [
      [{ country: "DE" }, "DE: the EU experiment"],
      [{ country: "US" }, "US: the North American experiment"],
      [{ country: "de" }, "de: $in is case-sensitive"],
      [{ country: ["DE"] }, "a list holding DE: not a scalar, no match"],
      [{}, "no country"],
      [{ country: null }, "country null"],
    ] as const
  ).flatMap(([attributes, about]) =>
    ["size-3", "size-0", "size-2"].map((userId) => layered(`$in: ${userId} (both slots, EU only, NA only), ${about}`, { units: { userId }, attributes })),
  ),
];

/** The bandit arms of the layered config under its fixed counts: cookieIds in the bandit's slot. */
const layeredBanditCases: CaseInput[] = Array.from({ length: 24 }, (_, i) =>
  layered(`headline bandit: cookie-bandit-${i}`, { units: { userId: `bandit-user-${i}`, cookieId: `cookie-bandit-${i}` }, attributes: EU_APP }),
);

/** Visitors of the bandits config: seeded ids, numeric ids and odd ids. */
function banditCases(count: number): CaseInput[] {
  const random = seededRandom(0x5eed0003);
  const cases: CaseInput[] = [];
  for (let i = 0; i < count; i++) {
    const visitorId = `visitor-${Math.floor(random() * 1e9).toString(36)}`;
    cases.push({ name: `bandits: seeded visitor ${String(i + 1).padStart(3, "0")} (${visitorId})`, input: { units: { visitorId }, now: NOW } });
  }
  const odd: [string, string | number][] = [
    ["numeric visitor 12345", 12345],
    ["string visitor \"12345\" (the twin of 12345)", "12345"],
    ["visitor Zoë", "Zoë"],
    ["visitor 用户", "用户"],
    ["visitor 😀", "😀"],
    ["visitor with a lone high surrogate", "v\uD800"],
    ["visitor with a lone low surrogate", "\uDFFFv"],
    ["visitor __proto__", "__proto__"],
  ];
  for (const [about, visitorId] of odd) cases.push({ name: `bandits: ${about}`, input: { units: { visitorId }, now: NOW } });
  cases.push({ name: "bandits: no visitor: every default", input: { units: {}, now: NOW } });
  cases.push({ name: "bandits: forced arm of one bandit", input: { units: { visitorId: "visitor-forced" }, forced: { "close-race": "b", "warming-up": "d" }, now: NOW } });
  return cases;
}

/** Users of the rollouts config: seeded ids, numeric ids and odd ids. */
function rolloutCases(count: number): CaseInput[] {
  const random = seededRandom(0x5eed0004);
  const cases: CaseInput[] = [];
  for (let i = 0; i < count; i++) {
    const userId = `rollout-user-${Math.floor(random() * 1e9).toString(36)}`;
    cases.push({ name: `rollouts: seeded user ${String(i + 1).padStart(3, "0")} (${userId})`, input: { units: { userId }, now: NOW } });
  }
  const odd: [string, string | number][] = [
    ["numeric user 777", 777],
    ["user Zoë", "Zoë"],
    ["user with a lone high surrogate", "r\uD800"],
  ];
  for (const [about, userId] of odd) cases.push({ name: `rollouts: ${about}`, input: { units: { userId }, now: NOW } });
  cases.push({ name: "rollouts: no user: every default", input: { units: {}, now: NOW } });
  return cases;
}

/** The first user id `p-<experiment>-<n>` whose bucket in `experiment` is `target`. */
function userInBucket(experiment: string, target: number): string {
  for (let n = 0; ; n++) {
    const userId = `p-${experiment}-${n}`;
    if (bucket(userId, experiment, EXPERIMENT_BUCKETS) === target) return userId;
  }
}

/**
 * Users of the percents config: for every experiment, one user in each bucket beside an edge of
 * its exact layout or of the layout a port computing in doubles gets (floor(p · 100)), so the
 * cases say which side of every edge a bucket falls; then seeded users.
 */
function percentCases(count: number): CaseInput[] {
  const cases: CaseInput[] = [];
  for (const { id, segmenter } of percentExperiments) {
    const exact = percentRanges(segmenter, exactHundredths);
    const double = percentRanges(segmenter, doubleHundredths);
    for (const target of edgeBuckets(segmenter)) {
      const expected = groupAtBucket(exact, target) ?? "no group";
      const wrong = groupAtBucket(double, target) ?? "no group";
      const note = expected === wrong ? expected : `${expected}, not ${wrong} as in doubles`;
      cases.push({ name: `percents: ${id}: bucket ${target} (${note})`, input: { units: { userId: userInBucket(id, target) }, now: NOW } });
    }
  }
  const random = seededRandom(0x5eed0005);
  for (let i = 0; i < count; i++) {
    const userId = `percent-user-${Math.floor(random() * 1e9).toString(36)}`;
    cases.push({ name: `percents: seeded user ${String(i + 1).padStart(3, "0")} (${userId})`, input: { units: { userId }, now: NOW } });
  }
  return cases;
}

/** The cases of each suite, by suite name. */
export const caseInputs: Readonly<Record<string, readonly CaseInput[]>> = {
  layered: [...layeredSamples(140), ...unitCases, ...overrideCases, ...timeCases, ...conditionCases, ...layeredBanditCases],
  bandits: banditCases(120),
  rollouts: rolloutCases(120),
  percents: percentCases(40),
};
