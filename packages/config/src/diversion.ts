/**
 * Diversion: which unit an experiment hashes — a unit type, that unit per UTC day
 * (`"cookieId@day"`, the paper's cookie-day), or `"random"` (per request).
 * @module
 */
import type { ExperimentConfig, StrataConfig } from "./types.ts";

/** A parsed diversion. */
export type Diversion =
  | { readonly kind: "unit"; readonly unit: string }
  | { readonly kind: "day"; readonly unit: string }
  | { readonly kind: "random" };

/** The diversion an experiment uses: its `unit`, or else the config's first unit type. */
export function experimentUnit(config: Pick<StrataConfig, "units">, experiment: Pick<ExperimentConfig, "unit">): string {
  return experiment.unit ?? config.units[0] ?? "";
}

/** Parses `"userId"`, `"cookieId@day"` or `"random"`. */
export function parseDiversion(unit: string): Diversion {
  if (unit === "random") return { kind: "random" };
  if (unit.endsWith("@day")) return { kind: "day", unit: unit.slice(0, -"@day".length) };
  return { kind: "unit", unit };
}
