import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bucket, hash32 } from "@strata/hash";
import { expect, it } from "vitest";
import { CLI_ROOT, describeCli, runCli } from "./support/cli.ts";

/** A config whose experiment uses a compat:md5-prefix segmenter keyed "legacy:checkout", which no layer salt could be. */
const MD5_PREFIX_KEY = join(CLI_ROOT, "test/fixtures/md5-prefix-key.json");

describeCli("strata hash", () => {
  it("prints the strata/v1 bucket of a unit and salt", async () => {
    const result = await runCli(["hash", "--scheme", "strata/v1", "--unit", "u-42", "--salt", "color"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${bucket("u-42", "color", 1000)}\n`);
  });

  it("honours --buckets and other schemes", async () => {
    const result = await runCli(["hash", "--scheme", "md5-prefix", "--unit", "u-42", "--salt", "exp", "--buckets", "100", "--json"]);
    expect(JSON.parse(result.stdout)).toEqual({ scheme: "md5-prefix", unit: "u-42", salt: "exp", buckets: 100, hash: hash32("u-42", "exp", "md5-prefix"), bucket: bucket("u-42", "exp", 100, "md5-prefix") });
  });

  it("takes a salt with \":\", such as a compat:md5-prefix segmenter's key, and gives the bucket assign uses", async () => {
    const printed = await runCli(["hash", "--scheme", "md5-prefix", "--unit", "u-1", "--salt", "legacy:checkout"]);
    expect(printed, printed.stderr).toMatchObject({ code: 0, stdout: "5851\n" });
    // The fixture's segmenter (key "legacy:checkout", 10,000 buckets) gives control [0, 5000) and treatment [5000, 10000).
    for (const unit of ["u-1", "u-2", "u-3", "u-4"]) {
      const hashed = Number((await runCli(["hash", "--scheme", "md5-prefix", "--unit", unit, "--salt", "legacy:checkout"])).stdout);
      const assigned = JSON.parse((await runCli(["assign", MD5_PREFIX_KEY, "--unit", unit, "--json"])).stdout) as { decision: { assignments: { group: string }[] } };
      expect(assigned.decision.assignments.map(({ group }) => group), unit).toEqual([hashed < 5000 ? "control" : "treatment"]);
    }
  });

  it("prints what the README's hash section shows", async () => {
    const readme = readFileSync(join(CLI_ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("\n## hash\n"), readme.indexOf("\n## ", readme.indexOf("\n## hash\n") + 1));
    const examples = [...section.matchAll(/^\$ pnpm -s strata (.+)\n((?:(?!\$ |```).*\n)*)/gm)];
    expect(examples.map(([, command]) => command)).toContain("hash --scheme md5-prefix --unit u-1 --salt legacy:checkout");
    for (const [, command, output] of examples) expect(await runCli(command!.split(" ")), command).toMatchObject({ code: 0, stdout: output });
  });

  it("exits 2 for an unknown scheme, naming the known ones", async () => {
    const result = await runCli(["hash", "--scheme", "sha9", "--unit", "u", "--salt", "s"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown --scheme "sha9"; the schemes are strata/v1, md5-prefix');
  });

  it("exits 2 for a missing --unit or a bad --buckets", async () => {
    expect((await runCli(["hash", "--salt", "s"])).stderr).toContain("missing --unit");
    const bad = await runCli(["hash", "--unit", "u", "--salt", "s", "--buckets", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--buckets must be a whole number from 1 to 4,294,967,295");
  });
});
