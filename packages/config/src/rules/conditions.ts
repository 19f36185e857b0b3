/**
 * Targeting conditions: every problem `checkCondition` finds (operators, operand types,
 * versions, regex syntax and catastrophic backtracking, depth and size).
 * @module
 */
import { checkCondition } from "../conditions/check.ts";
import { child } from "../pointer.ts";
import { walkConfig } from "../walk.ts";
import type { RuleContext } from "./context.ts";

/** Reports the problems of every experiment's `conditions`. */
export function conditionsValid({ config, out }: RuleContext): void {
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      if (experiment.conditions === undefined) return;
      for (const problem of checkCondition(experiment.conditions, child(pointer, "conditions"))) out.add(problem);
    },
  });
}
