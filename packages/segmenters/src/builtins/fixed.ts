/**
 * The `fixed` segmenter (Verdict's static segmenter): explicit unit lists per group, with an
 * optional default group for everyone else.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "../contract.ts";
import { checkedOptionsSchema } from "../options/builtin-schema.ts";
import { describe, type OptionsChecker } from "../options/checker.ts";

/** A group of the fixed segmenter and the units it holds. */
export interface FixedGroup {
  /** The group id (declared by the experiment). */
  readonly id: string;
  /** The unit ids in this group; a unit may be listed in one group only. */
  readonly units: readonly string[];
}

/** Options of the `fixed` segmenter. */
export interface FixedOptions {
  /** The groups with their units. */
  readonly groups: readonly FixedGroup[];
  /** The group of every unlisted unit; without it unlisted units are not in the experiment. */
  readonly default?: string;
}

interface CheckedFixed {
  readonly ids: readonly string[];
  readonly byUnit: ReadonlyMap<string, string>;
  readonly fallback: string | null;
}

const EXAMPLE = `[{ "id": "beta", "units": ["u1", "u2"] }, { "id": "others", "units": [] }]`;

function check(value: unknown, checker: OptionsChecker): CheckedFixed | undefined {
  const options = checker.object(value, [], ["groups", "default"]);
  if (options === undefined) return undefined;
  const groups = checker.groups(options.groups, ["id", "units"], 1, EXAMPLE) ?? [];
  const byUnit = new Map<string, string>();
  const where = new Map<string, string>();
  for (const { id, entry, path } of groups) {
    const units = checker.array(entry.units, [...path, "units"], 0, `["user-1", "user-2"]`);
    units?.forEach((unit, index) => {
      const unitPath = [...path, "units", index];
      if (typeof unit !== "string") {
        checker.fail(unitPath, `must be a unit id string (got ${describe(unit)}) — quote numeric ids, e.g. "42"`);
        return;
      }
      const owner = byUnit.get(unit);
      if (owner !== undefined && owner !== id) {
        checker.fail(unitPath, `unit ${JSON.stringify(unit)} is also listed in group ${JSON.stringify(owner)} (${where.get(unit)}) — list each unit in one group only`);
        return;
      }
      byUnit.set(unit, id);
      where.set(unit, `groups[${path[1] as number}].units[${index}]`);
    });
  }
  const ids = groups.map((group) => group.id);
  let fallback: string | null = null;
  if (options.default !== undefined) {
    if (typeof options.default !== "string" || !ids.includes(options.default)) {
      checker.fail(["default"], `must name one of the groups (${ids.map((id) => JSON.stringify(id)).join(", ")}); got ${describe(options.default)}`);
    } else {
      fallback = options.default;
    }
  }
  return { ids, byUnit, fallback };
}

/** The `fixed` options schema (hand-written Standard Schema). */
const schema = checkedOptionsSchema<FixedOptions, CheckedFixed>(check);

/** Explicit unit lists per group; unlisted units get the `default` group, or null without one. */
export const fixed: SegmenterFactory<FixedOptions> & { readonly options: StandardSchemaV1<FixedOptions> } = {
  type: "fixed",
  options: schema,
  create(options: FixedOptions, ctx: SegmenterContext): Segmenter {
    const { ids, byUnit, fallback } = schema.verify(options, ctx.experimentId);
    return {
      groups: ids,
      expectedShares: fallback === null ? {} : { [fallback]: 1 },
      assign: (unit) => byUnit.get(unit) ?? fallback,
    };
  },
};
