/**
 * `importOptimizely`: an Optimizely datafile → a Strata config whose decisions equal the SDK's
 * `getVariation` for every experiment it can express. Each experiment gets its own layer (one slot
 * over all buckets, so every unit reaches it) and a parameter named after its key whose value is the
 * variation key; its `compat:optimizely` segmenter carries the experiment id, the traffic allocation
 * and the exclusion group, so the two-stage hash is reproduced inside the layer. Whatever cannot be
 * expressed — malformed entries, or experiments beyond Strata's size limits — is listed in
 * `unsupported` with its pointer, and the config always validates.
 * @module
 */
import { LIMITS, type ExperimentConfig, type GroupConfig } from "@strata/config";
import { assembleConfig, type ImportedPart } from "../import/assemble.ts";
import { toConditions } from "../import/condition-algebra.ts";
import { NameAllocator, renameReason } from "../import/ids.ts";
import { ImportError, ImportReport, pointerChild, type ImportResult } from "../import/result.ts";
import { describeValue, isRecord, sourceList } from "../import/source-lists.ts";
import { briefly, checkStringLength, clip, exceedsStringLength } from "../import/text-limits.ts";
import { Unsupported } from "../import/unsupported.ts";
import { usesRegex } from "../import/uses-regex.ts";
import { audienceCondition, audiencesById, UntranslatableAudience } from "./audiences.ts";
import { OPTIMIZELY_BUCKETS } from "./bucketer.ts";
import type { OptimizelyDatafile } from "./datafile.ts";
import { optimizely, type OptimizelyExclusionGroup, type OptimizelyOptions, type OptimizelyTrafficRange } from "./segmenter.ts";

/** The unit type of imported configs: Optimizely's user id. */
export const OPTIMIZELY_UNIT = "userId";

const STATUSES: Readonly<Record<string, ExperimentConfig["status"]>> = {
  Running: "running",
  Paused: "paused",
  "Not started": "draft",
  Archived: "stopped",
  Concluded: "stopped",
};

/** A variation as the importer reads it. */
interface Variation {
  readonly id: string;
  readonly key: string;
}

/** An experiment of the datafile, where it is, and its exclusion group. */
interface Entry {
  readonly experiment: unknown;
  readonly pointer: string;
  readonly group?: Record<string, unknown>;
}

/** What every experiment's import reads from the whole datafile. */
interface Context {
  readonly report: ImportReport;
  readonly ids: NameAllocator;
  readonly paramNames: NameAllocator;
  readonly audiences: ReturnType<typeof audiencesById>;
  readonly flags: readonly unknown[];
  readonly rollouts: readonly unknown[];
}

/** Reads the datafile (an object or its JSON text); throws ImportError when it is not one. */
function readDatafile(input: unknown): OptimizelyDatafile {
  let datafile = input;
  if (typeof input === "string") {
    try {
      datafile = JSON.parse(input);
    } catch (error) {
      throw new ImportError(`the Optimizely datafile is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (!isRecord(datafile)) throw new ImportError("an Optimizely datafile must be a JSON object with experiments, groups and audiences");
  if (datafile.version === undefined) {
    const payload = isRecord(datafile.features) ? `; it has "/features", as a GrowthBook SDK payload has: import it as one` : "";
    throw new ImportError(`the Optimizely datafile has no "/version" (the SDK reads versions 2, 3 and 4)${payload}`);
  }
  if (!["2", "3", "4"].includes(String(datafile.version))) {
    throw new ImportError(`unsupported Optimizely datafile version ${JSON.stringify(datafile.version) ?? String(datafile.version)} at "/version": the SDK reads versions 2, 3 and 4`);
  }
  return datafile as unknown as OptimizelyDatafile;
}

/** Imports an Optimizely datafile (object or JSON text); see the README's migration guide. */
export function importOptimizely(input: unknown): ImportResult {
  const datafile = readDatafile(input);
  const report = new ImportReport();
  const ids = new NameAllocator();
  ids.claim("optimizely", "id");
  const context: Context = {
    report,
    ids,
    paramNames: new NameAllocator(),
    audiences: audiencesById(
      sourceList(datafile.audiences, "/audiences", report, "audiences"),
      sourceList(datafile.typedAudiences, "/typedAudiences", report, "typedAudiences"),
      report,
    ),
    flags: sourceList(datafile.featureFlags, "/featureFlags", report, "featureFlags"),
    rollouts: sourceList(datafile.rollouts, "/rollouts", report, "rollouts"),
  };

  const entries: Entry[] = [];
  sourceList(datafile.experiments, "/experiments", report, "experiments").forEach((experiment, i) => entries.push({ experiment, pointer: `/experiments/${i}` }));
  sourceList(datafile.groups, "/groups", report, "groups").forEach((group, g) => {
    const at = `/groups/${g}`;
    if (!isRecord(group)) return report.skip(at, `not an exclusion group (an object with id, policy, trafficAllocation and experiments; got ${describeValue(group)}); nothing in it is imported`);
    sourceList(group.experiments, `${at}/experiments`, report, "a group's experiments").forEach((experiment, i) => entries.push({ experiment, pointer: `${at}/experiments/${i}`, group }));
  });

  const parts: ImportedPart[] = [];
  for (const entry of entries) {
    try {
      const part = experimentPart(entry, context);
      if (part !== undefined) parts.push(part);
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      const key = isRecord(entry.experiment) && typeof entry.experiment.key === "string" ? `experiment ${briefly(entry.experiment.key)}` : "the experiment";
      report.skip(error.pointer, `${key} is not imported: ${error.message}`);
    }
  }

  context.flags.forEach((flag, i) =>
    report.skip(
      `/featureFlags/${i}`,
      `flag ${keyOf(flag)}: decide() runs holdouts, experiment rules and delivery rules in order with fall-through, which Strata layers do not reproduce; its experiment rules are imported as experiments (what getVariation decides)`,
    ),
  );
  context.rollouts.forEach((rollout, i) =>
    report.skip(`/rollouts/${i}`, `delivery rules (rollout ${isRecord(rollout) && typeof rollout.id === "string" ? briefly(rollout.id) : "?"}) are only evaluated by decide() for flags; not imported`),
  );
  for (const section of ["holdouts", "localHoldouts"] as const) {
    sourceList(datafile[section], `/${section}`, report, section).forEach((holdout, i) =>
      report.skip(`/${section}/${i}`, `holdout ${keyOf(holdout)} only applies to flag decisions (decide()); not imported`),
    );
  }

  const config = assembleConfig({ units: [OPTIMIZELY_UNIT], domain: { id: "optimizely", description: "Imported from an Optimizely datafile" }, parts }, report);
  return { config, unsupported: report.unsupported, notes: report.notes };
}

/** The `key` of a flag or holdout for messages. */
function keyOf(entry: unknown): string {
  return isRecord(entry) && typeof entry.key === "string" ? briefly(entry.key) : "?";
}

/** One experiment as a part of the config (its layer and parameter); undefined when there is nothing to import. Throws Unsupported. */
function experimentPart({ experiment, pointer, group }: Entry, context: Context): ImportedPart | undefined {
  const { report, ids, paramNames } = context;
  if (!isRecord(experiment) || typeof experiment.id !== "string" || typeof experiment.key !== "string") {
    throw new Unsupported(pointer, `not an experiment with a string id and key (got ${describeValue(experiment)})`);
  }
  const { id: experimentId, key } = experiment;
  const name = `experiment ${briefly(key)}`;
  if (experiment.cmab !== undefined && experiment.cmab !== null) {
    throw new Unsupported(pointer, "it is a contextual multi-armed bandit: its variations come from Optimizely's CMAB service, not from a hash");
  }
  if (experimentId === "") throw new Unsupported(pointerChild(pointer, "id"), "the experiment id is empty; compat:optimizely hashes a non-empty experiment id");
  checkStringLength(experimentId, pointerChild(pointer, "id"), "the experiment id");
  const conditions = audiencesOf(experiment, pointer, context);
  if (conditions !== true && conditions !== false) {
    // Only substring matches translate to $regex tests.
    const substrings = usesRegex(conditions)
      ? `; a substring match on a value longer than ${LIMITS.regexSubjectLength} characters is unknown (Strata's $regex reads no further), so Strata never admits a user Optimizely rejects but may leave out one it admits`
      : "";
    report.note(pointer, `${name}: audiences translated to Strata conditions (exact for strings, booleans and numbers${substrings})`);
  }

  const variations = variationsOf(experiment.variations, pointerChild(pointer, "variations"));
  const allocation = rangesOf(experiment.trafficAllocation, pointerChild(pointer, "trafficAllocation"), report);
  if (experiment.type === "fr") {
    const extra = everyoneElse(context, experimentId);
    if (extra) {
      variations.push(extra);
      allocation.push({ entityId: extra.id, endOfRange: OPTIMIZELY_BUCKETS });
      report.note(pointer, `${name} (feature rollout): the "Everyone Else" variation ${briefly(extra.key)} is appended as the SDK does`);
    }
  }
  if (variations.length > LIMITS.groupsPerExperiment) {
    throw new Unsupported(pointerChild(pointer, "variations"), `it has ${variations.length} variations; a Strata experiment has at most ${LIMITS.groupsPerExperiment} groups (LIMITS.groupsPerExperiment)`);
  }
  const groupIds = new NameAllocator();
  const groupOf = new Map<string, string>();
  const groupKeys = variations.map((variation, i) => {
    const keyPointer = pointerChild(pointer, "variations", i, "key");
    checkStringLength(variation.key, keyPointer, "the variation key");
    const groupId = groupIds.claim(variation.key, "id");
    groupOf.set(variation.id, groupId);
    return { groupId, key: variation.key, keyPointer };
  });
  const trafficAllocation: OptimizelyTrafficRange[] = allocation.map(({ entityId, endOfRange }, i) => {
    if (typeof entityId === "string") return { group: groupOf.get(entityId) ?? null, endOfRange };
    if (entityId === null || entityId === undefined) return { group: null, endOfRange };
    throw new Unsupported(pointerChild(pointer, "trafficAllocation", i, "entityId"), `an entityId must be a variation id string (got ${describeValue(entityId)})`);
  });

  const forced = whitelistOf(experiment.forcedVariations, variations, groupOf, pointer, report);
  const noTraffic = !trafficAllocation.some((range) => range.group !== null);
  if (noTraffic && Object.keys(forced).length === 0) {
    throw new Unsupported(pointer, "it gives no variation any traffic (nobody is bucketed into it) and whitelists no user; nothing to import");
  }
  if (noTraffic) {
    // The SDK gives whitelisted users their variation before it buckets; a range ending at 0 buckets nobody.
    const nobody: OptimizelyTrafficRange = { group: (groupKeys[0] as { groupId: string }).groupId, endOfRange: 0 };
    trafficAllocation.splice(0, trafficAllocation.length, nobody);
    report.note(pointer, `${name}: its traffic allocation gives no variation any traffic, so the SDK gives a variation only to whitelisted users; imported so, with the allocation ${JSON.stringify([nobody])} (it buckets nobody)`);
  }
  const status = typeof experiment.status === "string" && Object.hasOwn(STATUSES, experiment.status) ? STATUSES[experiment.status] : undefined;
  if (status === undefined) report.note(pointer, `status ${describeValue(experiment.status)} is not "Running", so the SDK gives no variation; imported as "paused"`);
  const exclusionGroup = group === undefined ? undefined : exclusionOf(group, experimentId, pointer, name, report);

  const id = ids.claim(key, "id");
  if (id !== key) report.note(pointer, `${name} is "${id}" in Strata (ids allow letters, digits, "_", "." and "-")`);
  const param = paramNames.claim(key, "param");
  if (param !== key) report.note(pointer, `${name} is the parameter "${param}", not ${briefly(key)} (${renameReason(key, "param")}): read its variation with get("${param}")`);
  for (const { groupId, key: variationKey, keyPointer } of groupKeys) {
    if (groupId !== variationKey) report.note(keyPointer, `${name}: variation ${briefly(variationKey)} is the group "${groupId}" in Strata (${renameReason(variationKey, "id")}); the parameter's value is still ${briefly(variationKey)}`);
  }
  const groups: GroupConfig[] = groupKeys.map(({ groupId, key: variationKey }) => ({
    id: groupId,
    ...(groupId === variationKey ? {} : { description: `Optimizely variation ${briefly(variationKey)}` }),
    params: { [param]: variationKey },
  }));
  const options: OptimizelyOptions = { experimentId, trafficAllocation, ...(exclusionGroup ? { exclusionGroup } : {}) };
  const groupText = group === undefined ? "" : `, ${typeof group.policy === "string" ? clip(group.policy) : "?"} group ${typeof group.id === "string" ? clip(group.id) : "?"}`;
  const strata: ExperimentConfig = {
    id,
    description: `Optimizely experiment ${briefly(key)} (id ${clip(experimentId)})${groupText}`,
    status: status ?? "paused",
    ...(toConditions(conditions) ? { conditions: toConditions(conditions) } : {}),
    groups,
    segmenter: { type: optimizely.type, ...options },
    ...(Object.keys(forced).length > 0 ? { forced } : {}),
  };
  return {
    pointer,
    label: name,
    params: { [param]: null },
    layers: [{ id: ids.claim(`${id}.layer`, "id"), params: [param], slots: [{ ranges: [[0, 1000]], experiment: strata }] }],
    shared: false,
  };
}

/** The experiment's audience condition (`audienceConditions || audienceIds`, as the SDK picks). Throws Unsupported. */
function audiencesOf(experiment: Record<string, unknown>, pointer: string, context: Context) {
  const field = experiment.audienceConditions ? "audienceConditions" : "audienceIds";
  try {
    return audienceCondition(experiment[field], context.audiences, pointerChild(pointer, field));
  } catch (error) {
    if (!(error instanceof UntranslatableAudience)) throw error;
    throw new Unsupported(pointer, `its audience at ${error.path} cannot be expressed — ${error.message}`);
  }
}

/** The variations, each an object with a string id and key. Throws Unsupported. */
function variationsOf(value: unknown, at: string): Variation[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Unsupported(at, `variations must be a list (got ${describeValue(value)})`);
  return value.map((variation, i) => {
    if (!isRecord(variation) || typeof variation.id !== "string" || typeof variation.key !== "string") {
      throw new Unsupported(pointerChild(at, i), `a variation must be an object with a string id and a string key (got ${describeValue(variation)})`);
    }
    return { id: variation.id, key: variation.key };
  });
}

/**
 * A `trafficAllocation` with each `endOfRange` made a whole number of buckets from 0 to 10000: the
 * SDK tests `bucket < endOfRange` on whole buckets 0–9999, so rounding up and clamping to that
 * range selects the same buckets. Throws Unsupported for entries that are not `{ entityId, endOfRange }`.
 */
function rangesOf(value: unknown, at: string, report: ImportReport): { entityId: unknown; endOfRange: number }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Unsupported(at, `trafficAllocation must be a list (got ${describeValue(value)})`);
  return value.map((range, i) => {
    const end = isRecord(range) ? range.endOfRange : undefined;
    if (!isRecord(range) || typeof end !== "number" || !Number.isFinite(end)) {
      throw new Unsupported(pointerChild(at, i), `a traffic range must be an object with an entityId and a numeric endOfRange (got ${describeValue(range)})`);
    }
    const endOfRange = Math.min(OPTIMIZELY_BUCKETS, Math.max(0, Math.ceil(end)));
    if (endOfRange !== end) report.note(pointerChild(at, i, "endOfRange"), `endOfRange ${end} is ${endOfRange} in Strata: the same buckets (whole numbers 0–9999) lie below it`);
    return { entityId: range.entityId, endOfRange };
  });
}

/** The "Everyone Else" variation the SDK appends to feature-rollout ("fr") experiments of a flag with delivery rules. */
function everyoneElse({ flags, rollouts }: Context, experimentId: string): Variation | undefined {
  for (const flag of flags) {
    if (!isRecord(flag) || !Array.isArray(flag.experimentIds) || !flag.experimentIds.includes(experimentId) || !flag.rolloutId) continue;
    const rollout = rollouts.find((r) => isRecord(r) && r.id === flag.rolloutId);
    const rules = isRecord(rollout) && Array.isArray(rollout.experiments) ? rollout.experiments : [];
    const last: unknown = rules[rules.length - 1];
    const variation: unknown = isRecord(last) && Array.isArray(last.variations) ? last.variations[0] : undefined;
    if (isRecord(variation) && typeof variation.id === "string" && typeof variation.key === "string") return { id: variation.id, key: variation.key };
  }
  return undefined;
}

/** The whitelist (`forcedVariations`) as `forced`; entries Strata cannot hold are listed or noted, and ignored. */
function whitelistOf(value: unknown, variations: readonly Variation[], groupOf: ReadonlyMap<string, string>, pointer: string, report: ImportReport): Record<string, string[]> {
  const forced: Record<string, string[]> = {};
  if (value === undefined || value === null) return forced;
  const at = pointerChild(pointer, "forcedVariations");
  const entries = Object.entries(value);
  if (entries.length > LIMITS.forcedUnits) {
    report.skip(at, `${entries.length} whitelisted users; a Strata experiment forces at most ${LIMITS.forcedUnits} units (LIMITS.forcedUnits), so the whitelist is not imported and those users get the variation their hash gives`);
    return forced;
  }
  for (const [userId, variationKey] of entries) {
    const entry = pointerChild(at, userId);
    // The SDK looks the key up in a map by variation key (an object: the key is String(value); the last variation of a key wins).
    const variation = [...variations].reverse().find((v) => v.key === String(variationKey));
    if (!variation) {
      report.note(entry, `forced variation ${describeValue(variationKey)} does not exist; the SDK ignores it and so does the import`);
      continue;
    }
    if (userId === "") {
      report.note(entry, "an empty user id is never a Strata unit (the engine passes no empty unit); ignored");
      continue;
    }
    if (exceedsStringLength(userId)) {
      report.skip(entry, `the user id is ${[...userId].length} characters long; Strata unit ids are limited to ${LIMITS.stringLength} (LIMITS.stringLength), so this user gets the variation their hash gives`);
      continue;
    }
    (forced[groupOf.get(variation.id) as string] ??= []).push(userId);
  }
  return forced;
}

/**
 * The exclusion-group stage for an experiment of a `random` group (overlapping groups have none).
 * The SDK compares the group's entity ids with `===`, so any other value (or an id too long for a
 * Strata string) is "another experiment", written `""`; an empty allocation lets nobody in, which
 * `[{ "experimentId": "", "endOfRange": 10000 }]` says too. Throws Unsupported.
 */
function exclusionOf(group: Record<string, unknown>, experimentId: string, pointer: string, name: string, report: ImportReport): OptimizelyExclusionGroup | undefined {
  if (group.policy !== "random") return undefined;
  const groupPointer = pointer.slice(0, pointer.lastIndexOf("/experiments/"));
  if (typeof group.id !== "string" || group.id === "") throw new Unsupported(pointerChild(groupPointer, "id"), `the exclusion group's id must be a non-empty string (got ${describeValue(group.id)})`);
  checkStringLength(group.id, pointerChild(groupPointer, "id"), "the exclusion group's id");
  const ranges = rangesOf(group.trafficAllocation, pointerChild(groupPointer, "trafficAllocation"), report).map(({ entityId, endOfRange }) => ({
    experimentId: typeof entityId === "string" && (entityId === experimentId || !exceedsStringLength(entityId)) ? entityId : "",
    endOfRange,
  }));
  if (ranges.length === 0) {
    report.note(pointer, `${name}: its exclusion group gives no experiment any traffic, so the SDK buckets nobody into it (whitelisted users still get their variation); imported so`);
    ranges.push({ experimentId: "", endOfRange: OPTIMIZELY_BUCKETS });
  }
  return { id: group.id, trafficAllocation: ranges };
}
