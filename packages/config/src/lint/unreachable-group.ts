/**
 * Lint: a group the segmenter never assigns — one it does not list, or one it gives a share of
 * 0 — is reached only by forced units.
 * @module
 */
import { child } from "../pointer.ts";
import { isRecord, list, str, type RuleContext } from "../rules/context.ts";
import { walkConfig } from "../walk.ts";
import { groupReach } from "./group-reach.ts";

/** Warns about experiment groups that the experiment's segmenter never assigns. */
export function unreachableGroups({ config, out, segmenters }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const reach = groupReach(experiment, pointer, segmenters);
      if (reach === undefined) return;
      list(experiment.groups).forEach((group, index) => {
        const groupId = isRecord(group) ? str(group.id) : undefined;
        if (groupId === undefined) return;
        const how = reach(groupId);
        if (how === "assigned") return;
        out.warn(
          child(pointer, "groups", index),
          "unreachable-group",
          how === "unlisted"
            ? `the segmenter never assigns the group ${JSON.stringify(groupId)}, so only forced units reach it — add it to the segmenter's groups or remove it`
            : `the segmenter gives the group ${JSON.stringify(groupId)} a share of 0, so only forced units reach it — give it a share above 0 or remove it`,
        );
      });
    },
  });
}
