/**
 * Segmenters: the type is registered, the options pass the segmenter's own schema and `create`
 * (third-party factories included), and the groups it assigns are the experiment's groups.
 * @module
 */
import { listNames } from "../describe.ts";
import { child } from "../pointer.ts";
import { instantiateSegmenter } from "../segmenters.ts";
import { didYouMean } from "../suggest.ts";
import { walkConfig } from "../walk.ts";
import { isRecord, list, str, type RuleContext } from "./context.ts";

/** Reports unknown segmenter types, invalid options and segmenter groups the experiment does not declare. */
export function segmenterOptionsValid({ config, out, segmenters }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const segmenter = experiment.segmenter;
      const id = str(experiment.id);
      const salt = str(experiment.salt) ?? id;
      if (!isRecord(segmenter) || id === undefined || salt === undefined || salt === "" || salt.includes(":")) return;
      const type = str(segmenter.type);
      if (type === undefined) return;
      const at = child(pointer, "segmenter");
      const factory = segmenters.get(type);
      if (factory === undefined) {
        out.error(
          child(at, "type"),
          "unknown-segmenter",
          `no segmenter of type ${JSON.stringify(type)} is registered${didYouMean(type, segmenters.keys())} — the registered types are ${listNames([...segmenters.keys()])}; ` +
            `register third-party segmenters with validate(config, { segmenters: [mySegmenter] })`,
        );
        return;
      }
      const created = instantiateSegmenter(factory, segmenter, { id, salt }, at);
      if ("issues" in created) {
        for (const issue of created.issues) out.error(issue.pointer, "segmenter-options", issue.message);
        return;
      }
      if (!Array.isArray(experiment.groups)) return;
      const declared = list(experiment.groups)
        .map((group) => str((group as { id?: unknown } | null)?.id))
        .filter((group): group is string => group !== undefined);
      const known = new Set(declared);
      const optionGroups = list(segmenter.groups);
      for (const group of created.segmenter.groups) {
        if (known.has(group)) continue;
        const index = optionGroups.findIndex((entry) => isRecord(entry) && entry.id === group);
        out.error(
          index >= 0 ? child(at, "groups", index, "id") : at,
          "segmenter-group",
          `the segmenter assigns the group ${JSON.stringify(group)}, which is not one of this experiment's groups (${listNames(declared, "and")})${didYouMean(group, known)} — ` +
            `add it to "groups" or rename it`,
        );
      }
    },
  });
}
