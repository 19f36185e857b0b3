/**
 * The lint warnings an imported config has by design of the import, and why: `strata import` names
 * them, so `strata lint` on the config holds no surprise and any other warning stands out.
 * @module
 */
import { lint, type StrataConfig } from "@strata/config";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** A lint rule every import trips on purpose: what its warnings count, and why they are expected. */
interface ExpectedWarning {
  readonly counts: string;
  readonly why: (from: string) => string;
}

const BY_DESIGN: Readonly<Record<string, ExpectedWarning>> = {
  "layer-nearly-full": {
    counts: "layer",
    why: () => "each experiment fills a layer of its own, so every user reaches it as on the source platform",
  },
  "no-control": {
    counts: "experiment",
    why: (from) =>
      from === "optimizely"
        ? "every group sets the parameter to its variation key (the default, null, is no variation)"
        : "every variation's value differs from the feature's defaultValue",
  },
};

/** One line per lint rule the config trips by design of an import `from` a platform: the rule, how many warnings, and why. */
export function expectedLintWarnings(config: StrataConfig, from: string): string[] {
  const counts = new Map<string, number>();
  for (const { code } of lint(config, { segmenters: EXTRA_SEGMENTERS }).warnings) {
    if (Object.hasOwn(BY_DESIGN, code)) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  return [...counts].map(([code, n]) => {
    const { counts: noun, why } = BY_DESIGN[code] as ExpectedWarning;
    return `lint will warn: ${code} on ${n} ${noun}${n === 1 ? "" : "s"} — by design: ${why(from)}`;
  });
}
