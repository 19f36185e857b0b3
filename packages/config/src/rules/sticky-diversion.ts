/**
 * Sticky experiments divert by a plain unit type. Sticky assignment (the experiment's `sticky`,
 * or a segmenter such as `feedback` that is sticky — the engine's test is
 * `experiment.sticky === true || segmenter.sticky === true`) stores each unit's first group under
 * its unit type, and the engine stores and reads sticky groups only for the config's unit types.
 * Diverted by `<unit>@day` or `random`, such an experiment could never store a group nor credit a
 * conversion: `decideWithStore` would save nothing and `convertWithStore` refuse every conversion,
 * so a bandit would count trials and never a success.
 * @module
 */
import { parseDiversion } from "../diversion.ts";
import { child, type JsonPointer } from "../pointer.ts";
import { instantiateSegmenter } from "../segmenters.ts";
import type { ExperimentConfig } from "../types.ts";
import { walkConfig } from "../walk.ts";
import { isRecord, str, type RuleContext } from "./context.ts";

/** Reports sticky experiments diverted by `<unit>@day` or `random`. */
export function stickyDivertsByUnit({ config, out, segmenters }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const unit = str(experiment.unit);
      if (unit === undefined) return;
      const diversion = parseDiversion(unit);
      if (diversion.kind === "unit") return;
      const stickyFlag = experiment.sticky === true;
      const stickySegmenter = segmenterIsSticky(experiment, segmenters, pointer);
      if (stickySegmenter === undefined && !stickyFlag) return;
      const because = [stickyFlag ? `"sticky": true` : undefined, stickySegmenter].filter((part) => part !== undefined).join(" and ");
      const drop = [stickyFlag ? `remove "sticky": true` : undefined, stickySegmenter === undefined ? undefined : "use a segmenter that is not sticky, such as percentage"]
        .filter((part) => part !== undefined)
        .join(" and ");
      const plain = diversion.kind === "day" ? JSON.stringify(diversion.unit) : `a unit type such as ${JSON.stringify(firstUnit(config.units) ?? "userId")}`;
      const changes = diversion.kind === "day" ? `${JSON.stringify(unit)} gives each unit a new id every day` : `"random" picks anew on every request`;
      out.error(
        child(pointer, "unit"),
        "sticky-diversion",
        `${changes}, but ${because} ${stickyFlag && stickySegmenter !== undefined ? "keep" : "keeps"} each unit's first group, which the engine stores only per unit type: ` +
          `it would never store this experiment's groups nor credit its conversions (a bandit would count trials and no successes) — ` +
          `divert by ${plain} instead, or ${drop}`,
      );
    },
  });
}

/** "the feedback segmenter, which is sticky" when the experiment's segmenter is created and sticky. */
function segmenterIsSticky(experiment: ExperimentConfig, segmenters: RuleContext["segmenters"], pointer: JsonPointer): string | undefined {
  const id = str(experiment.id);
  const salt = str(experiment.salt) ?? id;
  if (!isRecord(experiment.segmenter) || id === undefined || salt === undefined || salt === "" || salt.includes(":")) return undefined;
  const factory = segmenters.get(String(experiment.segmenter.type));
  if (factory === undefined) return undefined;
  const created = instantiateSegmenter(factory, experiment.segmenter, { id, salt }, child(pointer, "segmenter"));
  return "segmenter" in created && created.segmenter.sticky === true ? `the ${factory.type} segmenter, which is sticky,` : undefined;
}

function firstUnit(units: unknown): string | undefined {
  return Array.isArray(units) && typeof units[0] === "string" ? units[0] : undefined;
}
