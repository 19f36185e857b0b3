import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const probe = fileURLToPath(new URL("./fixtures/allocation-probe.ts", import.meta.url));

describe("hashing one unit against 10 salts", () => {
  it("allocates nothing in steady state (no garbage collection over 3 million hashes)", () => {
    // Its own Node process, so nothing but the probe runs on the heap. The larger inlining budget
    // keeps murmurhash3js-revisited's helpers inlined (see README "Allocation"); the control loop,
    // which allocates, proves that the probe sees collections when there are any.
    const output = execFileSync(
      process.execPath,
      ["--max-inlined-bytecode-size-cumulative=4000", "--conditions=@strata/source", "--import", "tsx", probe],
      { encoding: "utf8" },
    );
    const { control, steady } = JSON.parse(output) as { control: number; steady: number };
    expect(control).toBeGreaterThan(0);
    expect(steady).toBe(0);
  }, 30_000);
});
