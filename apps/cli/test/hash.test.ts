import { bucket, hash32 } from "@strata/hash";
import { expect, it } from "vitest";
import { describeCli, runCli } from "./support/cli.ts";

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
