/**
 * `strata import --from optimizely|growthbook <file>`: turns an Optimizely datafile or a
 * GrowthBook features payload into a Strata config whose decisions match the source platform,
 * and lists everything it cannot express instead of dropping it silently.
 * @module
 */
import { resolve } from "node:path";
import { validate, formatProblem } from "@strata/config";
import { ImportError, importGrowthBook, importOptimizely, type ImportResult } from "@strata/compat";
import { parseJson, readText } from "../config-file.ts";
import { CommandFailed, EXIT, UsageError } from "../errors.ts";
import { refuseInputAsOutput } from "../input-as-output.ts";
import { formatJson } from "../json-format.ts";
import { writeLine } from "../output.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";
import { outputTarget } from "../output-target.ts";
import { writeFileAtomic } from "../write-file.ts";
import type { Command } from "./command.ts";
import { expectedLintWarnings } from "./import-lint-expectations.ts";

const IMPORTERS: Readonly<Record<string, (document: never) => ImportResult>> = {
  optimizely: importOptimizely as (document: never) => ImportResult,
  growthbook: importGrowthBook as (document: never) => ImportResult,
};

/** The `import` command. */
export const importCommand: Command = {
  spec: {
    name: "import",
    summary: "convert an Optimizely datafile or GrowthBook features into a Strata config",
    usage: ["import --from optimizely|growthbook <file> [--out <config.json>]"],
    description:
      "Every experiment the config can express decides exactly as on the source platform (the compat:*\n" +
      "segmenters reproduce its hashing), so running experiments keep every user in their group.\n" +
      "Prints the config (or writes it with --out); what cannot be expressed is listed on stderr,\n" +
      "one line per part with its JSON pointer into the source, and the command then exits 1.\n" +
      "It also names the lint warnings the config has by design (layer-nearly-full: each experiment\n" +
      "fills a layer of its own; no-control: every group sets the parameter), one line each.",
    positionals: [{ name: "file", description: "the datafile or features JSON (- reads stdin)" }],
    options: {
      from: { type: "string", value: "<platform>", description: "optimizely or growthbook" },
      out: { type: "string", value: "<file>", description: "write the config here instead of stdout (not -: leave --out out for stdout)" },
    },
    examples: ["import --from optimizely datafile.json --out strata.json", "import --from growthbook features.json > strata.json"],
    exitCodes: ["0  imported everything", "1  imported, but some parts could not be expressed (listed), the input is not a datafile, or --out cannot be written", "2  usage error (--out - included), or --out naming the file being imported"],
  },
  async run(args, io) {
    const from = args.required("from", "the source platform: --from optimizely or --from growthbook");
    const importer = Object.hasOwn(IMPORTERS, from) ? IMPORTERS[from] : undefined;
    if (importer === undefined) throw new UsageError(`unknown --from ${JSON.stringify(from)}; the platforms are ${Object.keys(IMPORTERS).join(", ")}`, "import");
    const name = args.positionals[0] as string;
    const out = args.string("out");
    if (out === "") throw new UsageError("--out needs a file name, e.g. --out strata.json", "import");
    // Like every --out of the CLI, "-" would be a file name; the config already goes to stdout without --out.
    if (out === "-") throw new UsageError(`--out "-" would write a file named "-": the config goes to stdout when --out is left out (for a file named "-", write --out ./-)`, "import");
    if (out !== undefined) {
      await refuseInputAsOutput({ option: "--out", name: out, what: "the config" }, [{ name, what: `the ${from} file` }], io.cwd, "import");
      await outputTarget(resolve(io.cwd, out), "the config");
    }
    const parsed = parseJson(await readText(name, io, `the ${from} file`));
    if (!parsed.ok) throw new CommandFailed(`${name}: ${parsed.problem.message}`);
    let result: ImportResult;
    try {
      result = importer(parsed.value as never);
    } catch (error) {
      if (error instanceof ImportError) throw new CommandFailed(`${name}: ${error.message}${otherPlatformHint(from, parsed.value)}`);
      throw error;
    }
    const checked = validate(result.config, { segmenters: EXTRA_SEGMENTERS });
    if (!checked.ok) throw new CommandFailed("the imported config is not valid (an importer bug; please report it)", checked.errors.map(formatProblem));
    const text = formatJson(result.config);
    if (out === undefined) writeLine(io.stdout, text.trimEnd());
    else await writeFileAtomic(resolve(io.cwd, out), text.endsWith("\n") ? text : `${text}\n`, "the config");
    for (const note of result.notes) writeLine(io.stderr, `note ${note.pointer || "/"}: ${note.reason}`);
    for (const part of result.unsupported) writeLine(io.stderr, `not imported ${part.pointer || "/"}: ${part.reason}`);
    for (const line of expectedLintWarnings(result.config, from)) writeLine(io.stderr, line);
    if (out !== undefined) writeLine(io.stderr, `wrote ${out}`);
    return result.unsupported.length > 0 ? EXIT.failed : EXIT.ok;
  },
};

/** " — use --from <other>" when a document the importer refused has the shape of the other platform's. */
function otherPlatformHint(from: string, document: unknown): string {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return "";
  const fields = document as Record<string, unknown>;
  if (from === "optimizely" && typeof fields.features === "object" && fields.features !== null) return " — use --from growthbook";
  if (from === "growthbook" && fields.version !== undefined && Array.isArray(fields.experiments)) return " — use --from optimizely";
  return "";
}
