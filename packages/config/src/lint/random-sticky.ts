/**
 * Lint: `random` diversion re-rolls every request, while sticky assignment (the experiment's
 * `sticky`, or a segmenter such as `feedback` that keeps each unit's first group) stores a group
 * per unit. Together they contradict each other: there is no unit to stick to.
 * @module
 */
import { child } from "../pointer.ts";
import { isRecord, str, type RuleContext } from "../rules/context.ts";
import { instantiateSegmenter } from "../segmenters.ts";
import { walkConfig } from "../walk.ts";

/** Warns about experiments that divert on `random` and assign stickily. */
export function randomWithSticky({ config, out, segmenters }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      if (experiment.unit !== "random") return;
      let source: string | undefined = experiment.sticky === true ? `"sticky": true` : undefined;
      const id = str(experiment.id);
      if (source === undefined && isRecord(experiment.segmenter) && id !== undefined) {
        const factory = segmenters.get(String(experiment.segmenter.type));
        const salt = str(experiment.salt) ?? id;
        if (factory !== undefined && salt !== "" && !salt.includes(":")) {
          const created = instantiateSegmenter(factory, experiment.segmenter, { id, salt }, pointer);
          if ("segmenter" in created && created.segmenter.sticky === true) source = `the ${factory.type} segmenter, which is sticky`;
        }
      }
      if (source === undefined) return;
      out.warn(
        child(pointer, "unit"),
        "random-sticky",
        `"random" diversion picks anew on every request, but ${source} keeps each unit's first group — there is no unit to keep it for; divert on a unit type instead, or drop the sticky assignment`,
      );
    },
  });
}
