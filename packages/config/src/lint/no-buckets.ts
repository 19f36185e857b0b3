/**
 * Lint: a running or paused experiment with no buckets takes only forced units — allow-listed
 * ones and requests that force its groups (drafts waiting for an allocation and released
 * experiments are expected to have none).
 * @module
 */
import { child } from "../pointer.ts";
import { isRange } from "../ranges.ts";
import { list, str, type RuleContext } from "../rules/context.ts";
import { walkConfig } from "../walk.ts";

/** Warns about running or paused experiments whose slot has no buckets. */
export function experimentsWithoutBuckets({ config, out }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      if (experiment.status !== "running" && experiment.status !== "paused") return;
      if (list(slot.slot.ranges).some(isRange)) return;
      out.warn(
        child(slot.pointer, "ranges"),
        "no-buckets",
        `the ${experiment.status} experiment ${JSON.stringify(str(experiment.id) ?? "?")} has no buckets, so ${experiment.status === "running" ? "" : "once it runs again "}` +
          `only forced units reach it (its "forced" allow-list, or a request that forces one of its groups) — give it traffic (strata allocate <config> --experiment ${str(experiment.id) ?? "<id>"} --traffic <percent>, or allocate() of @strata/config)`,
      );
    },
  });
}
