/**
 * The units a simulation runs: N synthetic units (every unit type gets an id, e.g.
 * `sim-userId-17` and `sim-cookieId-17`), or ids read from a file or stdin for one unit type.
 * @module
 */
import type { Units } from "@strata/engine";
import type { AttributeSpread } from "../attributes.ts";

/** One simulated request. */
export interface SimulatedUnit {
  /** Unit ids by unit type. */
  readonly units: Units;
  /** Request attributes. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Which combination of attribute values the unit has (0 to combinations − 1): units of one stratum share every attribute. */
  readonly stratum: number;
}

/** Where a simulation's units come from. */
export interface Population {
  /** In words, for the output: `20,000 synthetic units`, `the ids in users.txt`. */
  readonly description: string;
  /** How many units, when known in advance. */
  readonly total: number | undefined;
  /** The units, in order. */
  readonly units: Iterable<SimulatedUnit> | AsyncIterable<SimulatedUnit>;
}

/** `count` synthetic units with ids `<seed>-<unitType>-<i>` for every unit type. */
export function syntheticPopulation(
  count: number,
  unitTypes: readonly string[],
  seed: string,
  attributes: AttributeSpread,
): Population {
  function* units(): Generator<SimulatedUnit> {
    for (let i = 0; i < count; i++) {
      const ids: Record<string, string> = {};
      for (const type of unitTypes) ids[type] = `${seed}-${type}-${i}`;
      yield { units: ids, attributes: attributes.at(i), stratum: i % attributes.combinations };
    }
  }
  return {
    description: `synthetic units with ids ${unitTypes.map((type) => `${seed}-${type}-<n>`).join(", ")}`,
    total: count,
    units: units(),
  };
}

/** The ids read from `source` as units of `unitType`. */
export function idPopulation(
  source: AsyncIterable<string>,
  name: string,
  unitType: string,
  attributes: AttributeSpread,
): Population {
  async function* units(): AsyncGenerator<SimulatedUnit> {
    let i = 0;
    for await (const id of source) {
      yield { units: { [unitType]: id }, attributes: attributes.at(i), stratum: i % attributes.combinations };
      i++;
    }
  }
  return { description: `${unitType} ids from ${name === "-" ? "stdin" : name}`, total: undefined, units: units() };
}
