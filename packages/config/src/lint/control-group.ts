/**
 * Lint: an experiment without a control group — no group that leaves every parameter at its
 * default, or none the segmenter ever assigns — has nothing to compare its treatments with.
 * Launch layers are exempt: a launch is not an experiment.
 * @module
 */
import { child } from "../pointer.ts";
import { listNames } from "../describe.ts";
import { isRecord, keys, list, str, type RuleContext } from "../rules/context.ts";
import { walkConfig } from "../walk.ts";
import { groupReach } from "./group-reach.ts";

/** Warns about experiments (outside launch layers) in which every group changes a parameter, or every group that does not is never assigned. */
export function missingControl({ config, out, segmenters }: RuleContext): void {
  const defaults = isRecord(config.params) ? config.params : {};
  walkConfig(config, {
    experiment: ({ experiment, pointer, slot }) => {
      if (slot.layer.layer.launch === true) return;
      const groups = list(experiment.groups).filter(isRecord);
      if (groups.length === 0) return;
      const isControl = (group: Readonly<Record<string, unknown>>) =>
        keys(group.params).every((name) => sameJson((group.params as Record<string, unknown>)[name], defaults[name]));
      const controls = groups.filter(isControl);
      if (controls.length === 0) {
        out.warn(
          child(pointer, "groups"),
          "no-control",
          `every group of this experiment changes a parameter, so there is no control group to compare with — add a group that sets no parameters, e.g. { "id": "control" }`,
        );
        return;
      }
      // A control the segmenter never assigns (a weight of 0) compares with nothing either.
      const reach = groupReach(experiment, pointer, segmenters);
      const ids = controls.map((group) => str(group.id)).filter((id) => id !== undefined);
      // Only for controls given a share of 0: one the segmenter does not list at all (a fixed list's) is unreachable-group's, whose advice fits it.
      if (reach === undefined || ids.length < controls.length || ids.some((id) => reach(id) !== "zero-share")) return;
      const names = listNames(ids);
      out.warn(
        child(pointer, "groups"),
        "no-control",
        `no unit reaches a group that sets no parameters: the segmenter never assigns ${names}, so every unit in the experiment gets a group that changes a parameter and there is nothing to compare with — give ${names} a share above 0`,
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
