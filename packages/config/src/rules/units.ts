/**
 * Diversion units: an experiment's `unit` names one of `units`, that unit with `@day`, or
 * `random`.
 * @module
 */
import { listNames } from "../describe.ts";
import { parseDiversion } from "../diversion.ts";
import { child } from "../pointer.ts";
import { didYouMean } from "../suggest.ts";
import { walkConfig } from "../walk.ts";
import { list, str, type RuleContext } from "./context.ts";

/** Reports experiments diverting on a unit type the config does not declare. */
export function knownUnits({ config, out }: RuleContext): void {
  const units = list(config.units).filter((unit): unit is string => typeof unit === "string");
  const known = new Set(units);
  walkConfig(config, {
    experiment: ({ experiment, pointer }) => {
      const unit = str(experiment.unit);
      if (unit === undefined) return;
      const diversion = parseDiversion(unit);
      if (diversion.kind === "random" || known.has(diversion.unit)) return;
      out.error(
        child(pointer, "unit"),
        "unknown-unit",
        `${JSON.stringify(diversion.unit)} is not a unit type of this config${didYouMean(diversion.unit, known)} — use one of ${listNames(units)}` +
          `, a unit with "@day" such as ${JSON.stringify(`${units[0] ?? "userId"}@day`)}, or "random"; or add it to "units"`,
      );
    },
  });
}
