/**
 * The options `simulate` and `report` share to say which units to run: `--units N` synthetic
 * units (or a file of ids, or - for stdin), `--unit-type`, `--attr` and `--seed`.
 * @module
 */
import type { StrataConfig } from "@strata/config";
import { wholeNumber, type OptionSpec, type ParsedArgs } from "../args.ts";
import { attributeSpread, parseAttributeArgs } from "../attributes.ts";
import { UsageError } from "../errors.ts";
import type { Io } from "../output.ts";
import { idPopulation, syntheticPopulation, type Population } from "../simulation/population.ts";
import { chooseUnitType } from "../unit-type.ts";
import { openUnits } from "../units-source.ts";

/** The default number of synthetic units. */
export const DEFAULT_UNITS = 10_000;

/** The most synthetic units one run may ask for. */
export const MAX_UNITS = 100_000_000;

/** The option specs, to spread into a command's options. */
export const POPULATION_OPTIONS: Readonly<Record<string, OptionSpec>> = Object.freeze({
  units: { type: "string", value: "<N|file|->", description: `N synthetic units (default ${DEFAULT_UNITS.toLocaleString("en-US")}), or a file of unit ids, one per line (- for stdin)` },
  "unit-type": { type: "string", value: "<T>", description: "with a file of ids: which unit type they are (default: the config's first)" },
  attr: {
    type: "string",
    multiple: true,
    value: "<k=v>",
    description: "an attribute of every unit (k=v string, k:=json); repeat a key to spread its values evenly",
  },
  seed: { type: "string", value: "<text>", description: 'prefix of the synthetic ids (default "sim"); change it for a fresh population' },
});

/** True when `--units` names a count rather than a file. */
function isCount(text: string): boolean {
  return /^[\d_,]+$/.test(text);
}

/** The file of unit ids `--units` names (`-` for stdin), or undefined for synthetic units. */
export function unitsFileName(args: ParsedArgs): string | undefined {
  const units = args.string("units");
  return units === undefined || isCount(units) ? undefined : units;
}

/** Opens the population the options describe; the config gives the unit types. */
export async function populationFromArgs(args: ParsedArgs, config: StrataConfig, io: Io): Promise<Population> {
  const units = args.string("units") ?? String(DEFAULT_UNITS);
  const attributes = attributeSpread(parseAttributeArgs(args.list("attr"), args.command));
  const seed = args.string("seed") ?? "sim";
  if (isCount(units)) {
    if (args.has("unit-type")) throw new UsageError("--unit-type is for a file of ids; synthetic units get an id of every unit type", args.command);
    if (seed === "" || /\s/.test(seed)) throw new UsageError(`--seed must be non-empty text without spaces (got ${JSON.stringify(seed)})`, args.command);
    return syntheticPopulation(wholeNumber(units, "units", args.command, 1, MAX_UNITS), config.units, seed, attributes);
  }
  if (args.has("seed")) throw new UsageError("--seed is for synthetic units (--units N); a file of ids is used as it is", args.command);
  const unitType = chooseUnitType(args, config);
  return idPopulation(await openUnits(units, io, args.command, true), units, unitType, attributes);
}
