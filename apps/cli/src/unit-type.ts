/**
 * `--unit-type`: which of the config's unit types the given ids are, checked against the config.
 * @module
 */
import type { StrataConfig } from "@strata/config";
import type { ParsedArgs } from "./args.ts";
import { UsageError } from "./errors.ts";

/** The unit type from `--unit-type`, checked against the config's `units`, or else its first unit type. */
export function chooseUnitType(args: ParsedArgs, config: StrataConfig): string {
  const given = args.string("unit-type");
  if (given === undefined) return config.units[0] as string;
  if (!config.units.includes(given)) {
    throw new UsageError(`--unit-type ${JSON.stringify(given)} is not a unit type of this config; it has ${config.units.map((unit) => JSON.stringify(unit)).join(", ")}`, args.command);
  }
  return given;
}
