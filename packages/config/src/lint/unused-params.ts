/**
 * Lint: a parameter no group of any experiment sets always has its default — remove it, or
 * start the experiment it was declared for.
 * @module
 */
import { child } from "../pointer.ts";
import { isRecord, keys, list, type RuleContext } from "../rules/context.ts";
import { walkConfig } from "../walk.ts";

/** Warns about declared parameters that no experiment group sets. */
export function unusedParams({ config, out }: RuleContext): void {
  const set = new Set<string>();
  walkConfig(config, {
    experiment: ({ experiment }) => {
      for (const group of list(experiment.groups)) if (isRecord(group)) for (const name of keys(group.params)) set.add(name);
    },
  });
  for (const name of keys(config.params)) {
    if (set.has(name)) continue;
    out.warn(child("/params", name), "unused-param", `no experiment sets ${JSON.stringify(name)}, so it always has its default — remove it or add an experiment that sets it`);
  }
}
