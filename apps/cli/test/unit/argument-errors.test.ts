import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { captureIo } from "../support/capture-io.ts";
import { SHOP_RELATIVE } from "../support/cli.ts";

describe("arguments refused with a usage error (exit 2) that names the option", () => {
  it("assign --unit with an empty id", async () => {
    const io = captureIo();
    expect(await main(["assign", SHOP_RELATIVE, "--unit", ""], io)).toBe(2);
    expect(io.err()).toContain("strata assign: --unit needs a unit id, e.g. --unit u-42 (got an empty string)");
    expect(io.out()).toBe("");
  });

  it("simulate --units with separators that do not group digits in threes", async () => {
    const io = captureIo();
    expect(await main(["simulate", SHOP_RELATIVE, "--units", "1,0,0"], io)).toBe(2);
    expect(io.err()).toContain(`strata simulate: --units must be a whole number written as digits, optionally grouped in threes by "," or "_" (e.g. 20000, 20,000 or 20_000)`);
    expect(io.out()).toBe("");
  });
});
