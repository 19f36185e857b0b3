import { bucket } from "@strata/hash";
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

  it("an option value holding U+FFFD (what argument bytes that are not UTF-8 become): two different ids would read the same", async () => {
    for (const argv of [
      ["hash", "--unit", "\uFFFD", "--salt", "color"],
      ["hash", "--unit", "u-1", "--salt=col\uFFFDr"],
      ["assign", SHOP_RELATIVE, "--unit", "caf\uFFFD"],
      ["assign", SHOP_RELATIVE, "--unit", "u-1", "--attr", "country=D\uFFFD"],
    ]) {
      const io = captureIo();
      expect(await main(argv, io), argv.join(" ")).toBe(2);
      expect(io.err()).toMatch(/--(unit|salt|attr) holds the character U\+FFFD, which is what bytes that are not UTF-8 become/);
      expect(io.out()).toBe("");
    }
  });

  it("hash --unit with an empty id, which the engine treats as no unit", async () => {
    const io = captureIo();
    expect(await main(["hash", "--unit", "", "--salt", "color"], io)).toBe(2);
    expect(io.err()).toContain("strata hash: --unit needs a unit id, e.g. --unit u-42 (got an empty string, which the engine treats as no unit)");
    expect(io.out()).toBe("");
  });

  it("hash --salt that is empty; any other salt is hashed as given", async () => {
    const empty = captureIo();
    expect(await main(["hash", "--unit", "u-1", "--salt", ""], empty)).toBe(2);
    expect(empty.err()).toContain("strata hash: --salt needs a salt, e.g. the layer id: --salt color (got an empty string)");
    expect(empty.out()).toBe("");
    for (const salt of ["color", "legacy:checkout", "color:feedback", "s".repeat(129)]) {
      const io = captureIo();
      expect(await main(["hash", "--unit", "u-1", "--salt", salt], io), io.err()).toBe(0);
      expect(io.out()).toBe(`${bucket("u-1", salt, 1000)}\n`);
    }
  });

  it("simulate --units with separators that do not group digits in threes", async () => {
    const io = captureIo();
    expect(await main(["simulate", SHOP_RELATIVE, "--units", "1,0,0"], io)).toBe(2);
    expect(io.err()).toContain(`strata simulate: --units must be a whole number written as digits, optionally grouped in threes by "," or "_" (e.g. 20000, 20,000 or 20_000)`);
    expect(io.out()).toBe("");
  });
});
