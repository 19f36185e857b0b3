/**
 * `strata report <config>`: a self-contained HTML page — no scripts, fonts or requests — with the
 * traffic map of the config (domains, layers, slots, launch layers, holdouts) and the tables of a
 * simulation of its traffic (sample ratio, bucket uniformity, an independence heat map).
 * @module
 */
import { resolve } from "node:path";
import { loadConfig } from "../config-file.ts";
import { EXIT, UsageError } from "../errors.ts";
import { refuseInputAsOutput } from "../input-as-output.ts";
import { summarizeModel } from "../model/summary.ts";
import { formatCount } from "../numbers.ts";
import { writeLine } from "../output.ts";
import { createProgress } from "../progress.ts";
import { renderReport } from "../report/page.ts";
import { runSimulation } from "../simulation/run.ts";
import { outputTarget } from "../output-target.ts";
import { writeFileAtomic } from "../write-file.ts";
import { CONFIG_ARGUMENT, type Command } from "./command.ts";
import { POPULATION_OPTIONS, populationFromArgs, unitsFileName } from "./population-options.ts";

/** Where the report goes when --out is not given. */
export const DEFAULT_REPORT = "strata-report.html";

/** The `report` command. */
export const reportCommand: Command = {
  spec: {
    name: "report",
    summary: "a self-contained HTML report: SVG traffic map, simulation tables, independence heat map",
    usage: ["report <config> [--units N] [--out file.html]"],
    description:
      "Writes one HTML file that opens anywhere without a network: a map of the config's traffic (every\n" +
      "domain, layer and slot, experiments coloured with their share, launch layers and holdouts marked),\n" +
      "then the results of simulating --units units (see strata simulate --help). Flagged checks are\n" +
      "highlighted in the report; the exit code does not depend on them (use simulate for that).",
    positionals: [CONFIG_ARGUMENT],
    options: {
      ...POPULATION_OPTIONS,
      out: { type: "string", short: "o", value: "<file.html>", description: `where to write the report (default ${DEFAULT_REPORT})` },
    },
    examples: ["report packages/config/examples/shop.json --units 20000 --out shop-report.html"],
    exitCodes: ["0  the report was written", "1  the config is invalid, or the file cannot be written", "2  usage error: bad arguments, unreadable file, or --out naming the config or the --units file"],
  },
  async run(args, io) {
    const configName = args.positionals[0] as string;
    if (configName === "-" && args.string("units") === "-") throw new UsageError("the config and --units cannot both come from stdin; pass the config as a file", "report");
    const out = args.string("out") ?? DEFAULT_REPORT;
    if (out === "") throw new UsageError("--out needs a file name, e.g. --out report.html", "report");
    // Checked before the simulation, so a bad path fails at once.
    const unitsFile = unitsFileName(args);
    await refuseInputAsOutput({ option: "--out", name: out, what: "the report" }, [{ name: configName, what: "the config" }, ...(unitsFile === undefined ? [] : [{ name: unitsFile, what: "the --units file" }])], io.cwd, "report");
    await outputTarget(resolve(io.cwd, out), "the report");
    const { config } = await loadConfig(configName, io);
    const population = await populationFromArgs(args, config, io);
    const progress = createProgress(io.stderr, { label: "simulating", total: population.total, env: io.env });
    const { result, model } = await runSimulation({ config, name: configName, population, progress });
    await writeFileAtomic(resolve(io.cwd, out), renderReport({ model, result }), "the report");
    const flagged = result.flagged === 0 ? "none flagged" : `${result.flagged} flagged`;
    writeLine(io.stdout, `wrote ${out}: ${summarizeModel(model)}; ${formatCount(result.units)} simulated units, ${result.checks} checks, ${flagged}`);
    return EXIT.ok;
  },
};
