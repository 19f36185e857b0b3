/**
 * What a run ran on: runtime, machine, load, and which code of the measured packages (other
 * engineers change packages/* while the bench runs, so every result names the state it measured).
 * @module
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(fileURLToPath(import.meta.url), "../../../..");
const MEASURED = ["packages/hash/src", "packages/segmenters/src", "packages/config/src", "packages/engine/src"];

/** The run's metadata. */
export interface RunMeta {
  readonly date: string;
  readonly node: string;
  readonly v8: string;
  readonly cpu: string;
  readonly cores: number;
  readonly loadStart: readonly number[];
  loadEnd?: readonly number[];
  /** `git rev-parse --short HEAD`, or "?" outside git. */
  readonly commit: string;
  /** Measured package folders with uncommitted changes. */
  readonly uncommitted: readonly string[];
  /** sha256 (first 12 hex) over the measured packages' source files: equal hashes, same code. */
  readonly sourceHash: string;
}

function git(args: string[]): string {
  try {
    // trimEnd only: porcelain lines start with a status column that may be a space.
    return execFileSync("git", args, { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "";
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Collects the metadata at the start of a run. */
export function runMeta(): RunMeta {
  const hash = createHash("sha256");
  for (const dir of MEASURED) {
    try {
      for (const file of filesUnder(join(repo, dir))) hash.update(file.slice(repo.length)).update(readFileSync(file));
    } catch {
      // a package missing from this checkout: hashed as absent
    }
  }
  const changed = git(["status", "--porcelain", "--", ...MEASURED]);
  const uncommitted = [...new Set(changed.split("\n").filter(Boolean).map((line) => line.slice(3).split("/").slice(0, 2).join("/")))];
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus()[0]?.model.trim() ?? "?",
    cores: cpus().length,
    loadStart: loadavg().map((l) => Math.round(l * 100) / 100),
    commit: git(["rev-parse", "--short", "HEAD"]) || "?",
    uncommitted,
    sourceHash: hash.digest("hex").slice(0, 12),
  };
}

/** One line describing the run's machine and code. */
export function metaLine(meta: RunMeta): string {
  const load = `load ${meta.loadStart[0]?.toFixed(1)}${meta.loadEnd ? ` → ${meta.loadEnd[0]?.toFixed(1)}` : ""}`;
  const code = `${meta.commit}${meta.uncommitted.length ? ` + uncommitted changes in ${meta.uncommitted.join(", ")}` : ""} (sources ${meta.sourceHash})`;
  return `node ${meta.node} (V8 ${meta.v8}), ${meta.cpu}, ${meta.cores} cores, ${load}; code ${code}`;
}
