/**
 * `strata validate <config>`: every error of the config, one line each with its JSON Pointer.
 * Exit 0 when valid, 1 when invalid, 2 when the file cannot be read.
 * @module
 */
import { formatProblem, validate } from "@strata/config";
import { parseJson, readJsonForJsonOutput, readText } from "../config-file.ts";
import { EXIT } from "../errors.ts";
import { trafficModel } from "../model/traffic-model.ts";
import { summarizeModel } from "../model/summary.ts";
import { writeLine } from "../output.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** The `validate` command. */
export const validateCommand: Command = {
  spec: {
    name: "validate",
    summary: "check a config; one line per error with its JSON pointer",
    usage: ["validate <config> [--json]"],
    description:
      "Checks the whole document at once: its shape, unique ids, bucket ranges and overlaps, parameter\n" +
      "ownership, units, salts, schedules, conditions, forced units and segmenter options. Each error is\n" +
      "printed on stdout as `<pointer>: <message>`; the count goes to stderr.",
    positionals: [CONFIG_ARGUMENT],
    options: { json: { type: "boolean", description: "print { ok, errors: [{ pointer, message, severity, code }] } as JSON" } },
    examples: ["validate packages/config/examples/shop.json", "validate config.json --json | jq '.errors[].pointer'"],
    exitCodes: ["0  the config is valid", "1  the config is invalid (or not JSON, or not UTF-8)", "2  usage error: bad arguments or unreadable file"],
  },
  async run(args, io) {
    const name = args.positionals[0] as string;
    // With --json, a file that is not UTF-8 is reported in the JSON too.
    const parsed = args.flag("json") ? await readJsonForJsonOutput(name, io) : parseJson(await readText(name, io, "the config"));
    const result = parsed.ok ? validate(parsed.value, { segmenters: EXTRA_SEGMENTERS }) : { ok: false, errors: [parsed.problem], config: undefined };
    if (args.flag("json")) {
      writeLine(io.stdout, JSON.stringify({ ok: result.ok, errors: result.errors }, null, 2));
      return result.ok ? EXIT.ok : EXIT.failed;
    }
    if (result.config !== undefined) {
      writeLine(io.stdout, `${name} is valid: ${summarizeModel(trafficModel(result.config))}`);
      return EXIT.ok;
    }
    for (const problem of result.errors) writeLine(io.stdout, formatProblem(problem));
    writeLine(io.stderr, `${name}: ${result.errors.length} ${result.errors.length === 1 ? "error" : "errors"}`);
    return EXIT.failed;
  },
};
