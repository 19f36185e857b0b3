import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "@strata/engine";
import { bucket } from "@strata/hash";
import { expect, it } from "vitest";
import type { SimulationResult } from "../src/simulation/result.ts";
import { BIN, describeCli, REPO_ROOT, runCli, SHOP, tempDir } from "./support/cli.ts";

const UNITS = 20_000;
const COUNTRIES = ["--attr", "country=DE", "--attr", "country=US"];

describeCli("strata simulate", () => {
  it("says what would let an experiment be checked: more units, or attributes that meet its conditions", async () => {
    const notes = async (args: string[]) => {
      const result = await runCli(["simulate", SHOP, "--json", ...args]);
      return new Map((JSON.parse(result.stdout) as SimulationResult).experiments.map((e) => [e.experiment, e.note]));
    };
    // One unit reaches no experiment of the main domain's layers: none has conditions to meet.
    expect((await notes(["--units", "1"])).get("button-color")).toBe(
      "no simulated unit reached its segmenter; none landed in its buckets: run more units (--units N), and with a file of ids check that they are userId ids (--unit-type)",
    );
    // button-size targets DE, FR and NL: with only US visitors, every unit in its buckets is excluded by its conditions.
    expect((await notes(["--units", "2000", "--attr", "country=US"])).get("button-size")).toMatch(/^no simulated unit reached its segmenter \([\d,]+ excluded by conditions\); give attributes with --attr to meet its conditions$/);
  });

  const dir = tempDir();
  let result: SimulationResult;

  it("--json: 20,000 units, every check run and none flagged", async () => {
    const run = await runCli(["simulate", SHOP, "--units", String(UNITS), ...COUNTRIES, "--json"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(""); // no progress bar when stderr is not a terminal
    result = JSON.parse(run.stdout) as SimulationResult;
    expect(result.units).toBe(UNITS);
    expect(result.alpha).toBe(0.001);
    expect(result.flagged).toBe(0);
    expect(result.experiments.map((experiment) => experiment.experiment)).toEqual(["full-redesign", "free-shipping-launch", "button-color", "button-size", "new-checkout", "headline-bandit"]);
    expect(result.layers.map((layer) => layer.layer)).toEqual(["traffic", "redesign-layer", "launches", "color", "size", "checkout-layer"]);
    for (const layer of result.layers) expect(layer.test?.pValue, layer.layer).toBeGreaterThan(0.001);
    const tested = result.pairs.filter((pair) => pair.test !== null).map((pair) => pair.layers.join(" × "));
    expect(tested).toEqual(["color × size", "color × checkout-layer", "size × checkout-layer"]);
    expect(result.checks).toBe(5 + 6 + 3);
  });

  it("counts what the engine decides, and compares with the segmenters' expected shares", () => {
    const engine = createEngine(JSON.parse(readFileSync(SHOP, "utf8")));
    const counts = new Map<string, number>();
    for (let i = 0; i < UNITS; i++) {
      const decision = engine.decide({ units: { userId: `sim-userId-${i}`, cookieId: `sim-cookieId-${i}` }, attributes: { country: i % 2 === 0 ? "DE" : "US" } });
      // decide counts bandit trials (the bandit leaves its warm-up), so the bandit is compared in the next test instead.
      for (const a of decision.assignments) if (a.experiment !== "headline-bandit") counts.set(`${a.experiment}/${a.group}`, (counts.get(`${a.experiment}/${a.group}`) ?? 0) + 1);
    }
    for (const experiment of result.experiments.filter((e) => e.experiment !== "headline-bandit")) {
      for (const group of experiment.groups.filter((g) => g.group !== "(no group)")) expect(group.count, `${experiment.experiment}/${group.group}`).toBe(counts.get(`${experiment.experiment}/${group.group}`) ?? 0);
    }
    const rollout = result.experiments.find((experiment) => experiment.experiment === "new-checkout");
    expect(rollout?.groups.map((group) => [group.group, group.expectedShare])).toEqual([["one-page", 0.2], ["(no group)", 0.8]]);
    const size = result.experiments.find((experiment) => experiment.experiment === "button-size");
    expect(size?.excluded.conditions).toBeGreaterThan(UNITS * 0.35); // the US half of the units
    // The simulation is a dry run (explain counts no bandit trial), so the feedback segmenter stays in its uniform warm-up.
    const bandit = result.experiments.find((experiment) => experiment.experiment === "headline-bandit");
    expect(bandit?.groups.map((group) => group.expectedShare)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(bandit?.test?.flagged).toBe(false);
  });

  it("prints three tables and a closing line as text", async () => {
    const run = await runCli(["simulate", SHOP, "--units", String(UNITS), ...COUNTRIES]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Sample ratio: ");
    expect(run.stdout).toContain("Bucket uniformity: ");
    expect(run.stdout).toContain("Layer independence: ");
    expect(run.stdout).toMatch(/^button-color +color +control +[\d,]+ +\d+\.\d\d% +50\.00% +0\.\d{3}$/m);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toBe("14 checks, none flagged (p < 0.001).");
  });

  it("flags a biased population and exits 1", async () => {
    // Ids picked so that every one lands in the first half of layer "color": not uniform.
    const ids: string[] = [];
    for (let i = 0; ids.length < 5000; i++) if (bucket(`biased-${i}`, "color", 1000) < 500) ids.push(`biased-${i}`);
    const file = join(dir, "biased.txt");
    writeFileSync(file, ids.join("\n"));
    const run = await runCli(["simulate", SHOP, "--units", file, "--json"]);
    expect(run.code).toBe(1);
    const biased = JSON.parse(run.stdout) as SimulationResult;
    expect(biased.population).toBe(`userId ids from ${file}`);
    expect(biased.layers.find((layer) => layer.layer === "color")?.test?.flagged).toBe(true);
    expect(biased.flagged).toBeGreaterThanOrEqual(1);
    const text = await runCli(["simulate", SHOP, "--units", file]);
    expect(text.stdout).toMatch(/^color +main .* FLAGGED$/m);
  });

  // util-linux `script` runs the command on a pseudo-terminal.
  it.skipIf(!existsSync("/usr/bin/script"))("draws a progress bar on stderr when it is a terminal, and erases it", () => {
    const command = `"${process.execPath}" "${BIN}" simulate "${SHOP}" --units 150000 > /dev/null`;
    const run = spawnSync("/usr/bin/script", ["-qec", command, "/dev/null"], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, TERM: "xterm" }, timeout: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/simulating \[#*-*\] +\d+% [\d,]+\/150,000 units/);
    expect(run.stdout).toContain("\r\u001b[K");
  }, 30_000);

  it("--report also writes the HTML report", async () => {
    const out = join(dir, "simulate-report.html");
    const run = await runCli(["simulate", SHOP, "--units", "2000", "--report", out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`wrote ${out}\n`);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, "utf8")).toContain('<svg class="traffic-map"');
  });

  it("exits 2 for bad --units, --seed with a file, or --unit-type with synthetic units", async () => {
    expect((await runCli(["simulate", SHOP, "--units", "0"])).stderr).toContain("--units must be a whole number from 1 to 100,000,000");
    expect((await runCli(["simulate", SHOP, "--units", "missing.txt"])).code).toBe(2);
    expect((await runCli(["simulate", SHOP, "--units", "-", "--seed", "x"], { input: "" })).stderr).toContain("--seed is for synthetic units");
    expect((await runCli(["simulate", SHOP, "--units", "10", "--unit-type", "userId"])).code).toBe(2);
  });
});
