/**
 * `strata allocate <config> --experiment <id> --traffic <percent>`: the allocation control plane
 * of @strata/config. Finds buckets for an experiment that has none (`"ranges": []`), prints the
 * diff, and writes the config back only with `--write`, rewriting only the values that changed.
 * @module
 */
import { allocate, AllocationError, ConfigError, formatChange, formatProblem, type StrataConfig } from "@strata/config";
import { allocationAdvice } from "../allocation-advice.ts";
import { loadConfig, parseJson } from "../config-file.ts";
import { CommandFailed, EXIT, UsageError } from "../errors.ts";
import { formatJson } from "../json-format.ts";
import { patchJsonText, sameJson } from "../json-text-patch.ts";
import { lineEnding } from "../line-ending.ts";
import { writeLine } from "../output.ts";
import { outputTarget } from "../output-target.ts";
import { writeFileAtomic } from "../write-file.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** The `allocate` command. */
export const allocateCommand: Command = {
  spec: {
    name: "allocate",
    summary: "give an experiment a share of a layer's buckets; prints the diff, writes with --write",
    usage: ["allocate <config> --experiment <id> --traffic <percent> [--layer <id>] [--domain <id>] [--write]"],
    description:
      'The experiment must already be in the config with no buckets: a slot with "ranges": [].\n' +
      "Without --layer, the first layer of its domain that owns its parameters and has room takes it,\n" +
      "using several free ranges when no single one is big enough. Each change is printed as\n" +
      "`+ <pointer>: …` (added), `- …` (removed) or `~ …` (replaced). Nothing is written without --write.",
    positionals: [CONFIG_ARGUMENT],
    options: {
      experiment: { type: "string", value: "<id>", description: "the experiment to give buckets" },
      traffic: { type: "string", value: "<percent>", description: "its share of the layer, e.g. 10 or 12.5% (whole buckets: 0.1% steps for 1000)" },
      layer: { type: "string", value: "<id>", description: "place it in this layer only" },
      domain: { type: "string", value: "<id>", description: "else first fit across this domain's layers (default: the experiment's own)" },
      write: { type: "boolean", description: "save the new config to <config> (otherwise a dry run)" },
    },
    examples: ["allocate shop.json --experiment button-shape --traffic 20", "allocate shop.json --experiment button-shape --traffic 20 --layer color --write"],
    exitCodes: [
      "0  allocated (and written with --write)",
      "1  it cannot be done (no room, unknown experiment, a layer that cannot hold it…), the config is invalid, or --write cannot write it",
      "2  usage error, or a share that is less than one bucket or not whole buckets",
    ],
  },
  async run(args, io) {
    const name = args.positionals[0] as string;
    const experiment = args.required("experiment", "the id of the experiment to give buckets");
    const traffic = parsePercent(args.required("traffic", "its share of the layer in percent, e.g. --traffic 10"));
    const write = args.flag("write");
    if (write && name === "-") throw new UsageError("--write needs the config as a file, not stdin", "allocate");
    const loaded = await loadConfig(name, io);
    if (write) await outputTarget(loaded.path as string, "the config");
    const request = { experiment, traffic, ...(args.has("layer") ? { layer: args.string("layer") } : {}), ...(args.has("domain") ? { domain: args.string("domain") } : {}) };
    let result: ReturnType<typeof allocate>;
    try {
      result = allocate(loaded.config, request, { segmenters: EXTRA_SEGMENTERS });
    } catch (error) {
      if (error instanceof AllocationError) {
        // A request the control plane cannot take as asked (a share that is not whole buckets, or less than one) is a usage error.
        if (error.code === "invalid-request") throw new UsageError(`cannot allocate: ${error.message}`, "allocate");
        const advice = allocationAdvice(error, { layer: args.has("layer") });
        throw new CommandFailed(`cannot allocate: ${error.message}${advice === undefined ? "" : `\n${advice}`}`);
      }
      if (error instanceof ConfigError) throw new CommandFailed("cannot allocate: the result would not be a valid config", error.problems.map(formatProblem));
      throw error;
    }
    if (result.diff.length === 0) {
      writeLine(io.stdout, "nothing to change");
      return EXIT.ok;
    }
    for (const change of result.diff) writeLine(io.stdout, formatChange(change));
    if (!write) {
      writeLine(io.stderr, `dry run: ${name} is unchanged; add --write to save`);
      return EXIT.ok;
    }
    await writeFileAtomic(loaded.path as string, changedText(loaded.text, loaded.config, result.config), "the config");
    writeLine(io.stderr, `wrote ${name}`);
    return EXIT.ok;
  },
};

/**
 * The config's text with only the allocated values rewritten (every other byte kept, so `1.10` and
 * big integers keep their spelling); the whole config formatted anew, with the text's line ending,
 * should the rewritten text ever not read back as `after`.
 */
function changedText(text: string, before: StrataConfig, after: StrataConfig): string {
  const patched = patchJsonText(text, before, after);
  const check = parseJson(patched);
  return check.ok && sameJson(check.value, after) ? patched : formatJson(after, { newline: lineEnding(text) });
}

/** `10`, `10%` or `12.5` → a number of percent; throws a UsageError otherwise. */
function parsePercent(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*%?\s*$/.test(text) ? Number.parseFloat(text) : NaN;
  if (!(value > 0 && value <= 100)) throw new UsageError(`--traffic must be a percent above 0 and at most 100, e.g. 10 or 12.5% (got ${JSON.stringify(text)})`, "allocate");
  return value;
}
