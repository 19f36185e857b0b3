/**
 * Forced units (the allow-list): each key is a group of the experiment, a unit is forced into
 * at most one group, and the experiment forces at most `LIMITS.forcedUnits` units.
 * @module
 */
import { listNames } from "../describe.ts";
import { LIMITS } from "../limits.ts";
import { child } from "../pointer.ts";
import { didYouMean } from "../suggest.ts";
import { walkConfig } from "../walk.ts";
import { isRecord, keys, list, str, type RuleContext } from "./context.ts";

/** Reports forced groups the experiment lacks, units forced twice and too many forced units. */
export function forcedUnits({ config, out }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      if (!isRecord(experiment.forced)) return;
      const groups = list(experiment.groups)
        .map((group) => str((group as { id?: unknown } | null)?.id))
        .filter((group): group is string => group !== undefined);
      const known = new Set(groups);
      const at = child(pointer, "forced");
      const firstGroup = new Map<string, string>();
      let total = 0;
      for (const group of keys(experiment.forced)) {
        if (!known.has(group)) {
          out.error(child(at, group), "unknown-group", `${JSON.stringify(group)} is not a group of this experiment${didYouMean(group, known)} — force units into one of ${listNames(groups)}`);
          continue;
        }
        list(experiment.forced[group]).forEach((value, index) => {
          const unit = str(value);
          if (unit === undefined) return;
          total++;
          const other = firstGroup.get(unit);
          if (other === undefined) firstGroup.set(unit, group);
          else {
            out.error(
              child(at, group, index),
              "forced-twice",
              other === group
                ? `the unit ${JSON.stringify(unit)} is listed twice in ${JSON.stringify(group)} — remove one`
                : `the unit ${JSON.stringify(unit)} is already forced into ${JSON.stringify(other)} — a unit can be forced into one group only`,
            );
          }
        });
      }
      if (total > LIMITS.forcedUnits) {
        out.error(at, "too-many-forced", `the experiment forces ${total} units; the limit is ${LIMITS.forcedUnits} — use conditions or a fixed segmenter for large lists`);
      }
    },
  });
}
