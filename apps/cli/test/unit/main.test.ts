import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { captureIo as capture } from "../support/capture-io.ts";
import { hasStackTrace, REPO_ROOT, SHOP_RELATIVE } from "../support/cli.ts";

/** A stdin that fails while being read: an error no command expects. */
function brokenStdin(): Readable {
  return new Readable({
    read() {
      this.destroy(new Error("the disk caught fire"));
    },
  });
}

describe("main, in process", () => {
  it("runs a command and returns its exit code", async () => {
    const io = capture();
    expect(await main(["validate", SHOP_RELATIVE], io)).toBe(0);
    expect(io.out()).toMatch(/is valid/);
  });

  it("an unexpected error exits 1 with its message and no stack trace", async () => {
    const io = capture(brokenStdin());
    expect(await main(["validate", "-"], io)).toBe(1);
    expect(io.err()).toContain("strata validate: unexpected error: the disk caught fire");
    expect(io.err()).toContain("run again with --debug for the stack trace");
    expect(hasStackTrace(io.err())).toBe(false);
  });

  it("--debug adds the stack trace", async () => {
    const io = capture(brokenStdin());
    expect(await main(["validate", "-", "--debug"], io)).toBe(1);
    expect(hasStackTrace(io.err())).toBe(true);
  });
});
