/**
 * The config's rule for salts, applied to a salt typed on the command line: @strata/config's own
 * layer schema checks it, so `strata hash` accepts exactly the salts a config can hold.
 * @module
 */
import { LayerSchema } from "@strata/config";

/** Why `salt` cannot be a layer's or an experiment's salt (the config's own message), or undefined when it can. */
export function saltProblem(salt: string): string | undefined {
  // A minimal layer carrying the salt; only the issues about the salt itself count.
  const result = LayerSchema["~standard"].validate({ id: "salt-check", params: [], slots: [], salt });
  if (result instanceof Promise) throw new TypeError("the config's layer schema validates asynchronously");
  const issue = result.issues?.find((candidate) => candidate.path?.length === 1 && keyOf(candidate.path[0]) === "salt");
  return issue?.message;
}

/** The key of a Standard Schema path segment (a key or an object holding one). */
function keyOf(segment: PropertyKey | { readonly key: PropertyKey } | undefined): PropertyKey | undefined {
  return typeof segment === "object" ? segment.key : segment;
}
