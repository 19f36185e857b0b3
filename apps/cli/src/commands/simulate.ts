/**
 * `strata simulate <config> --units N`: runs N units through the engine and checks the
 * assignment: per experiment the observed against the expected share of each group with a
 * sample-ratio-mismatch p-value, per layer the uniformity of buckets, per pair of layers their
 * independence — each flagged when p < 0.001. `--report out.html` also writes the HTML report.
 * @module
 */
import { resolve } from "node:path";
import { loadConfig } from "../config-file.ts";
import { EXIT, UsageError } from "../errors.ts";
import { refuseInputAsOutput } from "../input-as-output.ts";
import { writeLine } from "../output.ts";
import { createProgress } from "../progress.ts";
import { renderReport } from "../report/page.ts";
import { formatSimulation } from "../simulation/format-text.ts";
import { runSimulation } from "../simulation/run.ts";
import { outputTarget } from "../output-target.ts";
import { writeFileAtomic } from "../write-file.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { POPULATION_OPTIONS, populationFromArgs, unitsFileName } from "./population-options.ts";

/** The `simulate` command. */
export const simulateCommand: Command = {
  spec: {
    name: "simulate",
    summary: "N units through the engine: group shares vs expected (SRM), bucket uniformity, layer independence",
    usage: ["simulate <config> --units N [--attr k=v]... [--seed S] [--json] [--report out.html]", "simulate <config> --units <file|-> [--unit-type T] [--json]"],
    description:
      "Three checks, each flagged when p < 0.001:\n" +
      "  sample ratio  each experiment's group counts among the units that reached its segmenter,\n" +
      "                against the segmenter's expected shares: chi-square, or an exact binomial test\n" +
      "                when a group expects fewer than 5 units (per group, Bonferroni-corrected, for\n" +
      "                more than two groups). The run is a dry run (the engine's explain): bandits\n" +
      "                count no trial, so a feedback segmenter stays in its warm-up (uniform). A\n" +
      "                segmenter without expected shares is not tested.\n" +
      "  uniformity    each layer's units per bucket against an even spread (chi-square)\n" +
      "  independence  for each pair of layers sharing units, the contingency table of their\n" +
      "                assignments (experiment/group, nested domain or none): pooled (chi-square),\n" +
      "                or within each combination of the --attr values the two layers' experiments\n" +
      "                read (Cochran-Mantel-Haenszel). Experiments sharing an exclusion group or\n" +
      "                namespace (compat segmenters) are dependent by design: units in their slots\n" +
      "                are left out and the rest is tested; units placed by a forced group or an\n" +
      "                allow-list are left out.\n" +
      "Synthetic units get an id of every unit type. Experiments with conditions need attributes:\n" +
      "--attr country=DE --attr country=US gives half of the units each value.\n" +
      "A progress bar is drawn on stderr when it is a terminal.",
    positionals: [CONFIG_ARGUMENT],
    options: {
      ...POPULATION_OPTIONS,
      json: { type: "boolean", description: "print the result as JSON" },
      report: { type: "string", value: "<out.html>", description: "also write the HTML report (traffic map and these tables) to this file" },
    },
    examples: ["simulate shop.json --units 100000 --attr country=DE --attr country=US", "simulate shop.json --units 20000 --json | jq .flagged", "simulate shop.json --report report.html"],
    exitCodes: ["0  no check flagged", "1  a check is flagged (p < 0.001), the config is invalid, or --report cannot be written", "2  usage error: bad arguments, unreadable file, or --report naming the config or the --units file"],
  },
  async run(args, io) {
    const configName = args.positionals[0] as string;
    if (configName === "-" && args.string("units") === "-") throw new UsageError("the config and --units cannot both come from stdin; pass the config as a file", "simulate");
    const report = args.string("report");
    if (report === "") throw new UsageError("--report needs a file name, e.g. --report report.html", "simulate");
    // Checked before the simulation, which can take minutes, so a bad path fails at once.
    if (report !== undefined) {
      const unitsFile = unitsFileName(args);
      await refuseInputAsOutput({ option: "--report", name: report, what: "the report" }, [{ name: configName, what: "the config" }, ...(unitsFile === undefined ? [] : [{ name: unitsFile, what: "the --units file" }])], io.cwd, "simulate");
      await outputTarget(resolve(io.cwd, report), "the report");
    }
    const { config } = await loadConfig(configName, io);
    const population = await populationFromArgs(args, config, io);
    const progress = createProgress(io.stderr, { label: "simulating", total: population.total, env: io.env });
    const { result, model } = await runSimulation({ config, name: configName, population, progress });
    if (args.flag("json")) writeLine(io.stdout, JSON.stringify(result, null, 2));
    else for (const line of formatSimulation(result)) writeLine(io.stdout, line);
    if (report !== undefined) {
      await writeFileAtomic(resolve(io.cwd, report), renderReport({ model, result }), "the report");
      writeLine(io.stderr, `wrote ${report}`);
    }
    return result.flagged === 0 ? EXIT.ok : EXIT.failed;
  },
};
