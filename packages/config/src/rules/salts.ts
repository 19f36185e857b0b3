/**
 * Shared salts — "independence done wrong". The bucket of a unit is a function of the unit and
 * the salt only, so two layers (or a layer and an experiment's segmenter) with the same salt put
 * the same units together in both: the experiments are no longer independent and their effects
 * confound. Every layer and experiment must hash with a salt of its own. Salts are compared as the
 * hash reads them, in UTF-8, where every lone surrogate is U+FFFD: "s\uD800" and "s\uDBFF" are one salt.
 * @module
 */
import { asEncoded } from "../encoded-text.ts";
import { child } from "../pointer.ts";
import { walkConfig } from "../walk.ts";
import { str, type RuleContext } from "./context.ts";

/** Reports every layer or experiment whose effective salt another one already uses. */
export function uniqueSalts({ config, out }: RuleContext): void {
  const seen = new Map<string, { readonly salt: string; readonly owner: string }>();
  const claim = (kind: "layer" | "experiment", node: { id?: unknown; salt?: unknown }, pointer: string) => {
    const id = str(node.id);
    const explicit = str(node.salt);
    const salt = explicit ?? id;
    if (salt === undefined) return;
    const hashed = asEncoded(salt);
    const first = seen.get(hashed);
    if (first === undefined) {
      seen.set(hashed, { salt, owner: `the ${kind} ${JSON.stringify(id ?? "?")} (${pointer})` });
      return;
    }
    const origin = explicit === undefined ? ` (a ${kind}'s salt defaults to its id)` : "";
    const same =
      first.salt === salt
        ? `is also used by ${first.owner}`
        : `hashes as the same UTF-8 bytes as the salt ${JSON.stringify(first.salt)} of ${first.owner} (a lone surrogate is encoded as U+FFFD, so both are ${JSON.stringify(hashed)})`;
    out.error(
      child(pointer, explicit === undefined ? "id" : "salt"),
      "shared-salt",
      `the salt ${JSON.stringify(salt)}${origin} ${same}: two places with one salt assign the same units together, ` +
        `so their experiments are not independent (dependent assignment) — give this ${kind} a salt of its own`,
    );
  };
  walkConfig(config, {
    layer: ({ layer, pointer }) => claim("layer", layer, pointer),
    experiment: ({ experiment, pointer }) => claim("experiment", experiment, pointer),
  });
}
