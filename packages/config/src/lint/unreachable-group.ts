/**
 * Lint: a group the segmenter never assigns is reached only by forced units.
 * @module
 */
import { child } from "../pointer.ts";
import { isRecord, list, str, type RuleContext } from "../rules/context.ts";
import { instantiateSegmenter } from "../segmenters.ts";
import { walkConfig } from "../walk.ts";

/** Warns about experiment groups that the experiment's segmenter never assigns. */
export function unreachableGroups({ config, out, segmenters }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const id = str(experiment.id);
      if (!isRecord(experiment.segmenter) || id === undefined) return;
      const factory = segmenters.get(String(experiment.segmenter.type));
      const salt = str(experiment.salt) ?? id;
      if (factory === undefined || salt === "" || salt.includes(":")) return;
      const created = instantiateSegmenter(factory, experiment.segmenter, { id, salt }, pointer);
      if (!("segmenter" in created)) return;
      const assigned = new Set(created.segmenter.groups);
      list(experiment.groups).forEach((group, index) => {
        const groupId = isRecord(group) ? str(group.id) : undefined;
        if (groupId === undefined || assigned.has(groupId)) return;
        out.warn(
          child(pointer, "groups", index),
          "unreachable-group",
          `the segmenter never assigns the group ${JSON.stringify(groupId)}, so only forced units reach it — add it to the segmenter's groups or remove it`,
        );
      });
    },
  });
}
