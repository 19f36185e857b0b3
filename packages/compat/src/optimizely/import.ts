/**
 * `importOptimizely`: an Optimizely datafile → a Strata config whose decisions equal the SDK's
 * `getVariation` for every experiment it can express. Each experiment gets its own layer (one slot
 * over all buckets, so every unit reaches it) and a parameter named after its key whose value is the
 * variation key; its `compat:optimizely` segmenter carries the experiment id, the traffic allocation
 * and the exclusion group, so the two-stage hash is reproduced inside the layer.
 * @module
 */
import { LIMITS, type ExperimentConfig, type GroupConfig, type LayerConfig, type StrataConfig } from "@strata/config";
import { toConditions } from "../import/condition-algebra.ts";
import { NameAllocator } from "../import/ids.ts";
import { usesRegex } from "../import/uses-regex.ts";
import { ImportError, ImportReport, pointerChild, type ImportResult } from "../import/result.ts";
import { audienceCondition, audiencesById, UntranslatableAudience } from "./audiences.ts";
import type { DatafileExperiment, DatafileGroup, OptimizelyDatafile } from "./datafile.ts";
import { optimizely, type OptimizelyOptions, type OptimizelyTrafficRange } from "./segmenter.ts";

/** The unit type of imported configs: Optimizely's user id. */
export const OPTIMIZELY_UNIT = "userId";

const STATUSES: Readonly<Record<string, ExperimentConfig["status"]>> = {
  Running: "running",
  Paused: "paused",
  "Not started": "draft",
  Archived: "stopped",
  Concluded: "stopped",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function list<T>(value: unknown): readonly T[] {
  return Array.isArray(value) ? (value as T[]) : [];
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
  if (!["2", "3", "4"].includes(String(datafile.version))) {
    throw new ImportError(`unsupported Optimizely datafile version ${JSON.stringify(datafile.version)}: the SDK reads versions 2, 3 and 4`);
  }
  return datafile as unknown as OptimizelyDatafile;
}

/** The "Everyone Else" variation the SDK appends to feature-rollout ("fr") experiments of a flag with delivery rules. */
function everyoneElse(datafile: OptimizelyDatafile, experimentId: string) {
  for (const flag of list<Record<string, unknown>>(datafile.featureFlags)) {
    if (!list<string>(flag.experimentIds).includes(experimentId) || !flag.rolloutId) continue;
    const rollout = list<Record<string, unknown>>(datafile.rollouts).find((r) => r.id === flag.rolloutId);
    const rules = list<DatafileExperiment>(rollout?.experiments);
    const variation = list<{ id: string; key: string }>(rules[rules.length - 1]?.variations)[0];
    if (variation) return variation;
  }
  return undefined;
}

/** Imports an Optimizely datafile (object or JSON text); see the README's migration guide. */
export function importOptimizely(input: unknown): ImportResult {
  const datafile = readDatafile(input);
  const report = new ImportReport();
  const ids = new NameAllocator();
  ids.claim("optimizely", "id");
  const paramNames = new NameAllocator();
  const params: Record<string, string | null> = {};
  const layers: LayerConfig[] = [];
  const audiences = audiencesById(list(datafile.audiences), list(datafile.typedAudiences));

  const entries: { experiment: DatafileExperiment; pointer: string; group?: DatafileGroup }[] = [];
  list<DatafileExperiment>(datafile.experiments).forEach((experiment, i) => entries.push({ experiment, pointer: `/experiments/${i}` }));
  list<DatafileGroup>(datafile.groups).forEach((group, g) =>
    list<DatafileExperiment>(group.experiments).forEach((experiment, i) => entries.push({ experiment, pointer: `/groups/${g}/experiments/${i}`, group })),
  );

  for (const { experiment, pointer, group } of entries) {
    if (!isRecord(experiment) || typeof experiment.id !== "string" || typeof experiment.key !== "string") {
      report.skip(pointer, "not an experiment with a string id and key");
      continue;
    }
    if (experiment.cmab !== undefined && experiment.cmab !== null) {
      report.skip(pointer, `experiment "${experiment.key}" is a contextual multi-armed bandit: its variations come from Optimizely's CMAB service, not from a hash`);
      continue;
    }
    let conditions;
    try {
      conditions = audienceCondition(experiment.audienceConditions ?? experiment.audienceIds, audiences, pointerChild(pointer, experiment.audienceConditions !== undefined ? "audienceConditions" : "audienceIds"));
    } catch (error) {
      if (!(error instanceof UntranslatableAudience)) throw error;
      report.skip(pointer, `experiment "${experiment.key}" is not imported: its audience at ${error.path} cannot be expressed — ${error.message}`);
      continue;
    }
    if (conditions !== true && conditions !== false) {
      // Only substring matches translate to $regex tests.
      const substrings = usesRegex(conditions)
        ? `; a substring match on a value longer than ${LIMITS.regexSubjectLength} characters is unknown (Strata's $regex reads no further), so Strata never admits a user Optimizely rejects but may leave out one it admits`
        : "";
      report.note(pointer, `experiment "${experiment.key}": audiences translated to Strata conditions (exact for strings, booleans and numbers${substrings})`);
    }

    const variations = [...list<{ id: string; key: string }>(experiment.variations)];
    const allocation = [...list<{ entityId: string; endOfRange: number }>(experiment.trafficAllocation)];
    if (experiment.type === "fr") {
      const extra = everyoneElse(datafile, experiment.id);
      if (extra) {
        variations.push(extra);
        allocation.push({ entityId: extra.id, endOfRange: 10_000 });
        report.note(pointer, `experiment "${experiment.key}" (feature rollout): the "Everyone Else" variation "${extra.key}" is appended as the SDK does`);
      }
    }
    const id = ids.claim(experiment.key, "id");
    if (id !== experiment.key) report.note(pointer, `experiment "${experiment.key}" is "${id}" in Strata (ids allow letters, digits, "_", "." and "-")`);
    const param = paramNames.claim(experiment.key, "param");
    params[param] = null;
    const groupIds = new NameAllocator();
    const groupOf = new Map<string, string>();
    const groups: GroupConfig[] = variations.map((variation) => {
      const groupId = groupIds.claim(variation.key, "id");
      groupOf.set(variation.id, groupId);
      return { id: groupId, ...(groupId === variation.key ? {} : { description: `Optimizely variation "${variation.key}"` }), params: { [param]: variation.key } };
    });
    const trafficAllocation: OptimizelyTrafficRange[] = allocation.map(({ entityId, endOfRange }) => ({ group: groupOf.get(entityId) ?? null, endOfRange }));
    if (!trafficAllocation.some((range) => range.group !== null) || groups.length === 0) {
      report.skip(pointer, `experiment "${experiment.key}" gives no variation any traffic (nobody is in it); nothing to import`);
      continue;
    }
    // Only policy "random" groups are mutually exclusive; the SDK skips the group stage otherwise.
    const exclusionGroup =
      group && group.policy === "random"
        ? {
            id: group.id,
            trafficAllocation: list<{ entityId: string; endOfRange: number }>(group.trafficAllocation).map(({ entityId, endOfRange }) => ({ experimentId: entityId, endOfRange })),
          }
        : undefined;
    const options: OptimizelyOptions = { experimentId: experiment.id, trafficAllocation, ...(exclusionGroup ? { exclusionGroup } : {}) };
    const forced: Record<string, string[]> = {};
    for (const [userId, variationKey] of Object.entries(experiment.forcedVariations ?? {})) {
      const variation = variations.find((v) => v.key === variationKey);
      if (!variation) {
        report.note(pointerChild(pointer, "forcedVariations", userId), `forced variation "${variationKey}" does not exist; the SDK ignores it and so does the import`);
        continue;
      }
      (forced[groupOf.get(variation.id) as string] ??= []).push(userId);
    }
    const status = STATUSES[experiment.status] ?? "paused";
    if (!(experiment.status in STATUSES)) report.note(pointer, `status "${experiment.status}" is not "Running", so the SDK gives no variation; imported as "paused"`);
    const strata: ExperimentConfig = {
      id,
      description: `Optimizely experiment "${experiment.key}" (id ${experiment.id})${group ? `, ${group.policy} group ${group.id}` : ""}`,
      status,
      ...(toConditions(conditions) ? { conditions: toConditions(conditions) } : {}),
      groups,
      segmenter: { type: optimizely.type, ...options },
      ...(Object.keys(forced).length > 0 ? { forced } : {}),
    };
    layers.push({ id: ids.claim(`${id}.layer`, "id"), params: [param], slots: [{ ranges: [[0, 1000]], experiment: strata }] });
  }

  list<{ key?: string }>(datafile.featureFlags).forEach((flag, i) =>
    report.skip(`/featureFlags/${i}`, `flag "${flag.key}": decide() runs holdouts, experiment rules and delivery rules in order with fall-through, which Strata layers do not reproduce; its experiment rules are imported as experiments (what getVariation decides)`),
  );
  list<{ id?: string }>(datafile.rollouts).forEach((rollout, i) => report.skip(`/rollouts/${i}`, `delivery rules (rollout ${rollout.id}) are only evaluated by decide() for flags; not imported`));
  for (const section of ["holdouts", "localHoldouts"] as const) {
    list<{ key?: string }>(datafile[section]).forEach((holdout, i) => report.skip(`/${section}/${i}`, `holdout "${holdout.key}" only applies to flag decisions (decide()); not imported`));
  }

  const config: StrataConfig = {
    version: 1,
    units: [OPTIMIZELY_UNIT],
    params,
    domain: { id: "optimizely", description: "Imported from an Optimizely datafile", layers },
  };
  return { config, unsupported: report.unsupported, notes: report.notes };
}
