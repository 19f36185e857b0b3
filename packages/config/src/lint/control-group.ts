/**
 * Lint: an experiment without a control group — no group that leaves every parameter at its
 * default — has nothing to compare its treatments with. Launch layers are exempt: a launch is
 * not an experiment.
 * @module
 */
import { child } from "../pointer.ts";
import { isRecord, keys, list, type RuleContext } from "../rules/context.ts";
import { walkConfig } from "../walk.ts";

/** Warns about experiments (outside launch layers) in which every group changes a parameter. */
export function missingControl({ config, out }: RuleContext): void {
  const defaults = isRecord(config.params) ? config.params : {};
  walkConfig(config, {
    experiment: ({ experiment, pointer, slot }) => {
      if (slot.layer.layer.launch === true) return;
      const groups = list(experiment.groups).filter(isRecord);
      if (groups.length === 0) return;
      const isControl = (group: Readonly<Record<string, unknown>>) =>
        keys(group.params).every((name) => sameJson((group.params as Record<string, unknown>)[name], defaults[name]));
      if (groups.some(isControl)) return;
      out.warn(
        child(pointer, "groups"),
        "no-control",
        `every group of this experiment changes a parameter, so there is no control group to compare with — add a group that sets no parameters, e.g. { "id": "control" }`,
      );
    },
  });
}

/** Deep equality of two JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
