import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/main.ts";
import { writeFileAtomic } from "../../src/write-file.ts";
import { captureIo, unreadableStdin } from "../support/capture-io.ts";
import { CLI_ROOT, REPO_ROOT, SHOP_RELATIVE, tempDir } from "../support/cli.ts";

const mode = (path: string): number => statSync(path).mode & 0o777;

describe("writeFileAtomic", () => {
  it("writes through a symbolic link: the file it points at changes, the link stays a link", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "shared"));
    mkdirSync(join(dir, "app"));
    writeFileSync(join(dir, "shared/config.json"), "old\n");
    symlinkSync("../shared/config.json", join(dir, "app/config.json"));
    await writeFileAtomic(join(dir, "app/config.json"), "new\n", "the config");
    expect(lstatSync(join(dir, "app/config.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "app/config.json"))).toBe("../shared/config.json");
    expect(readFileSync(join(dir, "shared/config.json"), "utf8")).toBe("new\n");
    expect(readdirSync(join(dir, "shared"))).toEqual(["config.json"]); // no temporary file left behind
  });

  it("follows a chain of links, and creates the target of a dangling one", async () => {
    const dir = tempDir();
    symlinkSync("real.json", join(dir, "middle.json"));
    symlinkSync("middle.json", join(dir, "first.json"));
    await writeFileAtomic(join(dir, "first.json"), "created\n", "the config");
    expect(lstatSync(join(dir, "first.json")).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, "middle.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.json"), "utf8")).toBe("created\n");
  });

  it("resolves a relative link inside a linked directory from the link's real directory, as the kernel does", async () => {
    // linked → real/sub, real/sub/out.json → ../config.json: the kernel opens real/config.json, not <dir>/config.json.
    const dir = tempDir();
    mkdirSync(join(dir, "real/sub"), { recursive: true });
    writeFileSync(join(dir, "real/config.json"), "old\n");
    writeFileSync(join(dir, "config.json"), "unrelated\n");
    symlinkSync("real/sub", join(dir, "linked"));
    symlinkSync("../config.json", join(dir, "real/sub/out.json"));
    expect(realpathSync(join(dir, "linked/out.json"))).toBe(join(realpathSync(dir), "real/config.json"));
    await writeFileAtomic(join(dir, "linked/out.json"), "new\n", "the config");
    expect(readFileSync(join(dir, "real/config.json"), "utf8")).toBe("new\n");
    expect(readFileSync(join(dir, "config.json"), "utf8")).toBe("unrelated\n"); // the unrelated file is untouched
    expect(readFileSync(join(dir, "linked/out.json"), "utf8")).toBe("new\n");
    expect(lstatSync(join(dir, "real/sub/out.json")).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(dir, "real/sub"))).toEqual(["out.json"]);
  });

  it("follows an absolute link target inside a linked directory", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real/sub"), { recursive: true });
    mkdirSync(join(dir, "elsewhere"));
    writeFileSync(join(dir, "elsewhere/config.json"), "old\n");
    symlinkSync("real/sub", join(dir, "linked"));
    symlinkSync(join(dir, "elsewhere/config.json"), join(dir, "real/sub/out.json"));
    await writeFileAtomic(join(dir, "linked/out.json"), "new\n", "the config");
    expect(readFileSync(join(dir, "elsewhere/config.json"), "utf8")).toBe("new\n");
    expect(lstatSync(join(dir, "real/sub/out.json")).isSymbolicLink()).toBe(true);
  });

  it("creates a dangling link's target relative to the link's real directory", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real/sub"), { recursive: true });
    symlinkSync("real/sub", join(dir, "linked"));
    symlinkSync("../created.json", join(dir, "real/sub/out.json"));
    await writeFileAtomic(join(dir, "linked/out.json"), "created\n", "the config");
    expect(readFileSync(join(dir, "real/created.json"), "utf8")).toBe("created\n");
    expect(existsSync(join(dir, "created.json"))).toBe(false);
    expect(readFileSync(join(dir, "linked/out.json"), "utf8")).toBe("created\n");
  });

  it("follows a chain of relative links that crosses linked directories, ending in a dangling link", async () => {
    // first.json → linked/middle.json (linked → real/sub); real/sub/middle.json → ../last.json (dangling, in real/).
    const dir = tempDir();
    mkdirSync(join(dir, "real/sub"), { recursive: true });
    symlinkSync("real/sub", join(dir, "linked"));
    symlinkSync("../last.json", join(dir, "real/sub/middle.json"));
    symlinkSync("linked/middle.json", join(dir, "first.json"));
    await writeFileAtomic(join(dir, "first.json"), "end\n", "the config");
    expect(readFileSync(join(dir, "real/last.json"), "utf8")).toBe("end\n");
    expect(existsSync(join(dir, "last.json"))).toBe(false);
    expect(readFileSync(join(dir, "first.json"), "utf8")).toBe("end\n");
  });

  it("refuses a loop of links, naming the fix", async () => {
    const dir = tempDir();
    symlinkSync("b.json", join(dir, "a.json"));
    symlinkSync("a.json", join(dir, "b.json"));
    await expect(writeFileAtomic(join(dir, "a.json"), "x", "the config")).rejects.toThrow(`more than 40 symbolic links to follow — check for a loop`);
  });

  it("keeps the mode of the file it replaces", async () => {
    const dir = tempDir();
    const file = join(dir, "config.json");
    writeFileSync(file, "old\n");
    chmodSync(file, 0o640);
    await writeFileAtomic(file, "new\n", "the config");
    expect(mode(file)).toBe(0o640);
    expect(readFileSync(file, "utf8")).toBe("new\n");
  });

  it("refuses a read-only file (even for root, who could write it), leaving it unchanged", async () => {
    const dir = tempDir();
    const file = join(dir, "config.json");
    writeFileSync(file, "old\n");
    chmodSync(file, 0o444);
    await expect(writeFileAtomic(file, "new\n", "the config")).rejects.toThrow(
      `cannot write the config ${JSON.stringify(file)}: the file is read-only (mode 444) — make it writable (chmod u+w) or write somewhere else`,
    );
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(mode(file)).toBe(0o444);
  });

  it("refuses a read-only file behind a link, naming both", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.json"), "old\n");
    chmodSync(join(dir, "real.json"), 0o444);
    symlinkSync("real.json", join(dir, "link.json"));
    await expect(writeFileAtomic(join(dir, "link.json"), "new\n", "the config")).rejects.toThrow(`(a link to ${JSON.stringify(join(dir, "real.json"))}) is read-only (mode 444)`);
  });

  it("refuses a new file in a read-only directory (even for root, who could write there), writing nothing", async () => {
    const dir = tempDir();
    const locked = join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      await expect(writeFileAtomic(join(locked, "report.html"), "x", "the report")).rejects.toThrow(`the directory ${JSON.stringify(locked)} is not writable`);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it("refuses a directory and a missing directory with the fix", async () => {
    const dir = tempDir();
    await expect(writeFileAtomic(dir, "x", "the report")).rejects.toThrow(`cannot write the report ${JSON.stringify(dir)}: it is a directory — name a file inside it`);
    await expect(writeFileAtomic(join(dir, "no/such/x.html"), "x", "the report")).rejects.toThrow(`the directory ${JSON.stringify(join(dir, "no/such"))} does not exist — create it first`);
  });
});

describe("commands that write files", () => {
  it("allocate --write replaces the file a link points at, keeping its mode", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "shared"));
    const real = join(dir, "shared/config.json");
    writeFileSync(real, readFileSync(join(CLI_ROOT, "test/fixtures/shop-pending.json"), "utf8").replace(/"\$schema": "[^"]*",/, ""));
    chmodSync(real, 0o640);
    symlinkSync("shared/config.json", join(dir, "config.json"));
    const io = captureIo(undefined, dir);
    expect(await main(["allocate", "config.json", "--experiment", "button-shape", "--traffic", "20", "--write"], io)).toBe(0);
    expect(lstatSync(join(dir, "config.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain("[500, 700]");
    expect(mode(real)).toBe(0o640);
  });

  it("import --out through a link in a linked directory writes the file the kernel resolves, not an unrelated one", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "real/sub"), { recursive: true });
    writeFileSync(join(dir, "real/strata.json"), "{}\n");
    writeFileSync(join(dir, "strata.json"), "unrelated\n");
    symlinkSync("real/sub", join(dir, "alias"));
    symlinkSync("../strata.json", join(dir, "real/sub/out.json"));
    const io = captureIo(undefined, dir);
    await main(["import", "--from", "growthbook", join(REPO_ROOT, "packages/compat/examples/growthbook-features.json"), "--out", "alias/out.json"], io);
    expect(JSON.parse(readFileSync(join(dir, "real/strata.json"), "utf8"))).toEqual(JSON.parse(readFileSync(join(REPO_ROOT, "packages/compat/examples/growthbook.strata.json"), "utf8")));
    expect(readFileSync(join(dir, "strata.json"), "utf8")).toBe("unrelated\n");
  });

  it("allocate --write refuses a read-only config before changing anything (exit 1)", async () => {
    const dir = tempDir();
    const file = join(dir, "config.json");
    const before = readFileSync(join(CLI_ROOT, "test/fixtures/shop-pending.json"), "utf8").replace(/"\$schema": "[^"]*",/, "");
    writeFileSync(file, before);
    chmodSync(file, 0o444);
    const io = captureIo(undefined, dir);
    expect(await main(["allocate", "config.json", "--experiment", "button-shape", "--traffic", "20", "--write"], io)).toBe(1);
    expect(io.err()).toContain(`strata allocate: cannot write the config ${JSON.stringify(file)}: the file is read-only (mode 444)`);
    expect(io.out()).toBe("");
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("simulate --report into a missing directory fails before simulating (the units on stdin are never read)", async () => {
    const io = captureIo(unreadableStdin());
    expect(await main(["simulate", SHOP_RELATIVE, "--units", "-", "--report", "/no/such/dir/x.html"], io)).toBe(1);
    expect(io.err()).toBe(`strata simulate: cannot write the report "/no/such/dir/x.html": the directory "/no/such/dir" does not exist — create it first\n`);
    expect(io.out()).toBe("");
  });

  it("report --out into a missing directory fails before simulating", async () => {
    const io = captureIo(unreadableStdin());
    expect(await main(["report", SHOP_RELATIVE, "--units", "-", "--out", "/no/such/dir/x.html"], io)).toBe(1);
    expect(io.err()).toContain(`cannot write the report "/no/such/dir/x.html": the directory "/no/such/dir" does not exist`);
  });
});
