import { linkSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { captureIo, unreadableStdin } from "../support/capture-io.ts";
import { SHOP, tempDir } from "../support/cli.ts";

/** A directory holding a copy of the example config as c.json and three ids as ids.txt. */
function workspace(): { dir: string; config: string; ids: string } {
  const dir = tempDir();
  const config = readFileSync(SHOP, "utf8");
  writeFileSync(join(dir, "c.json"), config);
  writeFileSync(join(dir, "ids.txt"), "u-1\nu-2\nu-3\n");
  return { dir, config, ids: "u-1\nu-2\nu-3\n" };
}

describe("an output file that is one of the inputs is refused before any work (exit 2)", () => {
  it("report --out naming the config", async () => {
    const { dir, config } = workspace();
    const io = captureIo(unreadableStdin(), dir);
    expect(await main(["report", "c.json", "--units", "100", "--out", "c.json"], io)).toBe(2);
    expect(io.err()).toContain('strata report: --out "c.json" is the config "c.json": writing the report there would replace it — name another file for --out');
    expect(readFileSync(join(dir, "c.json"), "utf8")).toBe(config);
  });

  it("simulate --report naming the config, also through another spelling of its path", async () => {
    const { dir, config } = workspace();
    const io = captureIo(unreadableStdin(), dir);
    expect(await main(["simulate", "c.json", "--units", "100", "--report", join(dir, "c.json")], io)).toBe(2);
    expect(io.err()).toContain(`strata simulate: --report "${join(dir, "c.json")}" is the config "c.json": writing the report there would replace it`);
    expect(io.out()).toBe("");
    expect(readFileSync(join(dir, "c.json"), "utf8")).toBe(config);
  });

  it("a symbolic or hard link to the config", async () => {
    const { dir, config } = workspace();
    symlinkSync("c.json", join(dir, "soft.json"));
    linkSync(join(dir, "c.json"), join(dir, "hard.json"));
    for (const link of ["soft.json", "hard.json"]) {
      const io = captureIo(unreadableStdin(), dir);
      expect(await main(["report", "c.json", "--units", "100", "--out", link], io), link).toBe(2);
      expect(io.err()).toContain(`--out "${link}" is the config "c.json" (the same file, through a link): writing the report there would replace it`);
    }
    expect(readFileSync(join(dir, "c.json"), "utf8")).toBe(config);
  });

  it("the --units file of report and simulate", async () => {
    const { dir, ids } = workspace();
    const report = captureIo(unreadableStdin(), dir);
    expect(await main(["report", "c.json", "--units", "ids.txt", "--out", "ids.txt"], report)).toBe(2);
    expect(report.err()).toContain('--out "ids.txt" is the --units file "ids.txt"');
    const simulate = captureIo(unreadableStdin(), dir);
    expect(await main(["simulate", "c.json", "--units", "ids.txt", "--report", "ids.txt"], simulate)).toBe(2);
    expect(simulate.err()).toContain('--report "ids.txt" is the --units file "ids.txt"');
    expect(readFileSync(join(dir, "ids.txt"), "utf8")).toBe(ids);
  });

  it("import --out naming the file being imported", async () => {
    const dir = tempDir();
    const features = '{ "features": {} }\n';
    writeFileSync(join(dir, "features.json"), features);
    const io = captureIo(unreadableStdin(), dir);
    expect(await main(["import", "--from", "growthbook", "features.json", "--out", "features.json"], io)).toBe(2);
    expect(io.err()).toContain('strata import: --out "features.json" is the growthbook file "features.json": writing the config there would replace it');
    expect(readFileSync(join(dir, "features.json"), "utf8")).toBe(features);
  });

  it("other outputs are still written", async () => {
    const { dir } = workspace();
    const io = captureIo(unreadableStdin(), dir);
    expect(await main(["report", "c.json", "--units", "ids.txt", "--out", "r.html"], io)).toBe(0);
    expect(readFileSync(join(dir, "r.html"), "utf8")).toMatch(/^<!doctype html>/i);
  });
});
