/**
 * The semantic rules `validate` runs after the shape check, in this order.
 * @module
 */
import { conditionsValid } from "./conditions.ts";
import type { Rule } from "./context.ts";
import { forcedUnits } from "./forced.ts";
import { uniqueIds } from "./ids.ts";
import { sizeLimits } from "./limits.ts";
import { parameterOwnership } from "./params.ts";
import { rangesInsideLayer } from "./ranges.ts";
import { uniqueSalts } from "./salts.ts";
import { schedules } from "./schedule.ts";
import { segmenterOptionsValid } from "./segmenters.ts";
import { slotsDisjoint } from "./slot-overlap.ts";
import { stickyDivertsByUnit } from "./sticky-diversion.ts";
import { knownUnits } from "./units.ts";

export type { Rule, RuleContext } from "./context.ts";

/** Every semantic rule, each reporting every problem it finds. */
export const RULES: readonly Rule[] = [
  sizeLimits,
  uniqueIds,
  rangesInsideLayer,
  slotsDisjoint,
  parameterOwnership,
  knownUnits,
  uniqueSalts,
  schedules,
  conditionsValid,
  forcedUnits,
  segmenterOptionsValid,
  stickyDivertsByUnit,
];
