/**
 * `strata assign`: which experiments and groups units are in. One unit (`--unit`) is explained
 * layer by layer (`--json` for the decision with its explanation); many (`--units FILE` or `-`)
 * are streamed as TSV, `unit<TAB>layer<TAB>experiment<TAB>group`, one line per assignment.
 * @module
 */
import type { StrataConfig } from "@strata/config";
import { createEngine, type Engine } from "@strata/engine";
import { parseAttributeArgs, singleAttributes } from "../attributes.ts";
import { loadConfig } from "../config-file.ts";
import { EXIT, UsageError } from "../errors.ts";
import { formatExplanation } from "../explanation-text.ts";
import { LineWriter, writeLine, type Io } from "../output.ts";
import { chooseUnitType } from "../unit-type.ts";
import { openUnits } from "../units-source.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

const FORMATS = ["tsv", "jsonl"] as const;

/** The `assign` command. */
export const assignCommand: Command = {
  spec: {
    name: "assign",
    summary: "the experiments and groups of one unit (explained) or of many (TSV)",
    usage: [
      "assign <config> --unit <id> [--unit-type T] [--attr k=v]... [--json]",
      "assign <config> --units <file|-> [--unit-type T] [--attr k=v]... --format tsv",
    ],
    description:
      "With --unit: every layer the unit reaches, its bucket and why it is in or out, then the parameters.\n" +
      "With --units: one id per line from a file or stdin (-), streamed in constant memory; prints\n" +
      "unit<TAB>layer<TAB>experiment<TAB>group for every assignment (units in no experiment print nothing).\n" +
      "Attributes: --attr country=DE gives a string, --attr age:=42 a JSON value (number, boolean, list…).",
    positionals: [CONFIG_ARGUMENT],
    options: {
      unit: { type: "string", value: "<id>", description: "the unit id to explain" },
      units: { type: "string", value: "<file|->", description: "a file of unit ids, one per line, or - for stdin" },
      "unit-type": { type: "string", value: "<T>", description: "which of the config's unit types the ids are (default: the first)" },
      attr: { type: "string", multiple: true, value: "<k=v>", description: "a request attribute for targeting (k=v string, k:=json value)" },
      json: { type: "boolean", description: "with --unit: print the decision and its explanation as JSON" },
      format: { type: "string", value: "<tsv|jsonl>", description: "with --units: tsv (default) or jsonl (one decision per line)" },
    },
    examples: [
      "assign shop.json --unit u-42 --attr country=DE",
      "assign shop.json --unit u-42 --json",
      "assign shop.json --units users.txt --format tsv > assignments.tsv",
      "seq 1 1000000 | strata assign shop.json --units - --format tsv | cut -f3,4 | sort | uniq -c",
    ],
    exitCodes: ["0  done", "1  the config is invalid, or a line of --units cannot be a unit id (a tab, or bytes that are not UTF-8)", "2  usage error: bad arguments or unreadable file"],
  },
  async run(args, io) {
    const single = args.string("unit");
    const many = args.string("units");
    if (single !== undefined && many !== undefined) throw new UsageError("give either --unit <id> (one unit, explained) or --units <file|-> (many, as TSV), not both", "assign");
    if (single === "") throw new UsageError("--unit needs a unit id, e.g. --unit u-42 (got an empty string)", "assign");
    if (single === undefined && many === undefined) throw new UsageError("missing --unit <id> or --units <file|->: the unit id to explain, or a file of ids", "assign");
    const configName = args.positionals[0] as string;
    if (configName === "-" && many === "-") throw new UsageError("the config and --units cannot both come from stdin; pass the config as a file", "assign");
    const attributes = singleAttributes(parseAttributeArgs(args.list("attr"), "assign"), "assign");
    if (single !== undefined && args.has("format")) throw new UsageError("--format is for --units; with --unit use --json for machine-readable output", "assign");
    if (many !== undefined && args.flag("json")) throw new UsageError("--json is for --unit; with --units use --format jsonl", "assign");
    const format = args.string("format") ?? "tsv";
    if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be tsv or jsonl (got ${JSON.stringify(format)})`, "assign");
    // Open the units before loading the config, so a wrong path is reported before any work.
    const source = many === undefined ? undefined : await openUnits(many, io, "assign");
    const { config } = await loadConfig(configName, io);
    const unitType = chooseUnitType(args, config);
    const engine = createEngine(config, { segmenters: EXTRA_SEGMENTERS });
    if (single !== undefined) return explainOne(engine, config, unitType, single, attributes, args.flag("json"), io);
    return assignMany(engine, unitType, source as AsyncIterable<string>, attributes, format as (typeof FORMATS)[number], io);
  },
};

function explainOne(engine: Engine, config: StrataConfig, unitType: string, unit: string, attributes: Record<string, unknown>, json: boolean, io: Io): number {
  const request = { units: { [unitType]: unit }, attributes };
  const explanation = engine.explain(request);
  if (json) writeLine(io.stdout, JSON.stringify({ request, ...explanation }, null, 2));
  else for (const line of formatExplanation(explanation, config, unitType, unit)) writeLine(io.stdout, line);
  return EXIT.ok;
}

async function assignMany(
  engine: Engine,
  unitType: string,
  source: AsyncIterable<string>,
  attributes: Record<string, unknown>,
  format: (typeof FORMATS)[number],
  io: Io,
): Promise<number> {
  const out = new LineWriter(io.stdout);
  try {
    for await (const unit of source) {
      // Nobody reads any more (`… | head`): stop, nothing failed.
      if (out.closed) return EXIT.ok;
      const decision = engine.decide({ units: { [unitType]: unit }, attributes });
      if (format === "jsonl") {
        await out.line(JSON.stringify({ unit, assignments: decision.assignments, params: decision.params, errors: decision.errors }));
        continue;
      }
      for (const assignment of decision.assignments) {
        const pending = out.line(`${unit}\t${assignment.layer}\t${assignment.experiment}\t${assignment.group}`);
        if (pending !== undefined) await pending;
      }
    }
  } finally {
    // Also when a later line is bad: the lines of every unit before it are written, as the error's line number implies.
    await out.flush();
  }
  return EXIT.ok;
}
