import { expect, it } from "vitest";
import { describeCli, hasStackTrace, runCli } from "./support/cli.ts";

const COMMANDS = ["validate", "lint", "assign", "simulate", "allocate", "hash", "report"];

describeCli("strata help, usage errors and exit codes", () => {
  it("lists every command", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("every command has --help with usage, options and exit codes", async () => {
    for (const command of COMMANDS) {
      const result = await runCli([command, "--help"]);
      expect(result.code, command).toBe(0);
      expect(result.stdout).toContain(`Usage:\n  strata ${command}`);
      expect(result.stdout).toContain("Options:");
      expect(result.stdout).toContain("Exit codes:");
      expect((await runCli(["help", command])).stdout).toBe(result.stdout);
    }
  });

  it("prints the version", async () => {
    expect((await runCli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it("exits 2 with a suggestion for an unknown command, and with help when there is none", async () => {
    const typo = await runCli(["simulat", "x.json"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "simulat" — did you mean "simulate"?');
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("Commands:");
  });

  it("never prints a stack trace unless --debug", async () => {
    const quiet = await runCli(["assign", "missing.json", "--unit", "u"]);
    expect(quiet.code).toBe(2);
    expect(hasStackTrace(quiet.stderr)).toBe(false);
    const loud = await runCli(["assign", "missing.json", "--unit", "u", "--debug"]);
    expect(loud.code).toBe(2);
    expect(hasStackTrace(loud.stderr)).toBe(true);
  });
});
