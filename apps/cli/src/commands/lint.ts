/**
 * `strata lint <config>`: the config's errors and its warnings (valid but probably not meant:
 * no control group, layers nearly full, stopped experiments holding buckets, unused parameters…),
 * one line each with its JSON Pointer and rule code. Exit 1 only for errors.
 * @module
 */
import { formatProblem, lint, type Problem } from "@strata/config";
import { parseJson, readJsonForJsonOutput, readText } from "../config-file.ts";
import { EXIT } from "../errors.ts";
import { writeLine } from "../output.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { EXTRA_SEGMENTERS } from "../segmenter-registry.ts";

/** The `lint` command. */
export const lintCommand: Command = {
  spec: {
    name: "lint",
    summary: "errors and warnings: shared salts, overlaps, orphan params, full layers…",
    usage: ["lint <config> [--json]"],
    description:
      "Prints every error (what validate reports) and every warning, one per line on stdout:\n" +
      "`<severity> <pointer>: <message> [<rule>]`. The counts go to stderr. Warnings alone exit 0.",
    positionals: [CONFIG_ARGUMENT],
    options: { json: { type: "boolean", description: "print { ok, errors, warnings } as JSON" } },
    examples: ["lint packages/config/examples/shop.json"],
    exitCodes: ["0  no errors (warnings may be printed)", "1  the config has errors (or is not JSON, or not UTF-8)", "2  usage error: bad arguments or unreadable file"],
  },
  async run(args, io) {
    const name = args.positionals[0] as string;
    // With --json, a file that is not UTF-8 is reported in the JSON too.
    const parsed = args.flag("json") ? await readJsonForJsonOutput(name, io) : parseJson(await readText(name, io, "the config"));
    const { errors, warnings } = parsed.ok ? lint(parsed.value, { segmenters: EXTRA_SEGMENTERS }) : { errors: [parsed.problem], warnings: [] as readonly Problem[] };
    if (args.flag("json")) {
      writeLine(io.stdout, JSON.stringify({ ok: errors.length === 0, errors, warnings }, null, 2));
      return errors.length === 0 ? EXIT.ok : EXIT.failed;
    }
    for (const problem of [...errors, ...warnings]) writeLine(io.stdout, `${problem.severity} ${formatProblem(problem)} [${problem.code}]`);
    const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
    writeLine(io.stderr, `${name}: ${count(errors.length, "error")}, ${count(warnings.length, "warning")}`);
    return errors.length === 0 ? EXIT.ok : EXIT.failed;
  },
};
