/**
 * Shared salts — "independence done wrong". The bucket of a unit is a function of the unit and
 * the salt only, so two layers (or a layer and an experiment's segmenter) with the same salt put
 * the same units together in both: the experiments are no longer independent and their effects
 * confound. Every layer and experiment must hash with a salt of its own.
 * @module
 */
import { child } from "../pointer.ts";
import { walkConfig } from "../walk.ts";
import { str, type RuleContext } from "./context.ts";

/** Reports every layer or experiment whose effective salt another one already uses. */
export function uniqueSalts({ config, out }: RuleContext): void {
  const seen = new Map<string, string>();
  const claim = (kind: "layer" | "experiment", node: { id?: unknown; salt?: unknown }, pointer: string) => {
    const id = str(node.id);
    const explicit = str(node.salt);
    const salt = explicit ?? id;
    if (salt === undefined) return;
    const first = seen.get(salt);
    if (first === undefined) {
      seen.set(salt, `the ${kind} ${JSON.stringify(id ?? "?")} (${pointer})`);
      return;
    }
    const origin = explicit === undefined ? ` (a ${kind}'s salt defaults to its id)` : "";
    out.error(
      child(pointer, explicit === undefined ? "id" : "salt"),
      "shared-salt",
      `the salt ${JSON.stringify(salt)}${origin} is also used by ${first}: two places with one salt assign the same units together, ` +
        `so their experiments are not independent (dependent assignment) — give this ${kind} a salt of its own`,
    );
  };
  walkConfig(config, {
    layer: ({ layer, pointer }) => claim("layer", layer, pointer),
    experiment: ({ experiment, pointer }) => claim("experiment", experiment, pointer),
  });
}
