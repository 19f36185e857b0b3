/**
 * Where an output file really goes, checked before any work is done: symbolic links are followed
 * to the file they point at, as the kernel resolves them (a link's relative text from the link's
 * real directory), so writing replaces that file, not the link; an existing file's
 * mode and owner are kept, and a target that is a directory, read-only, or in a directory that is
 * missing or not writable is refused with a message that says what to change.
 * @module
 */
import { constants, type Stats } from "node:fs";
import { access, lstat, readlink, realpath, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { CommandFailed } from "./errors.ts";
import { describeFsError } from "./fs-errors.ts";

/** The most symbolic links followed before giving up (Linux's own limit is 40). */
const MAX_LINKS = 40;

/** An output file, resolved and checked. */
export interface OutputTarget {
  /** The path the user gave, for messages. */
  readonly given: string;
  /** The file to replace: `given` with every symbolic link followed. */
  readonly path: string;
  /** The existing file's status (mode, owner), or undefined when it does not exist yet. */
  readonly existing: Stats | undefined;
}

/** The error code of a failed file-system call, if any. */
function codeOf(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/**
 * Follows `path` through symbolic links as the kernel does (also dangling ones, whose target will
 * be created): an existing target is its `realpath`; for a missing one, the directory is
 * `realpath`ed and a dangling link's text is resolved from the link's real directory (`..` in a
 * link inside a linked directory climbs from where the link really is). Throws CommandFailed naming `what`.
 */
async function followLinks(path: string, what: string): Promise<string> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    try {
      return await realpath(current);
    } catch (error) {
      if (codeOf(error) === "ELOOP") break;
      if (codeOf(error) !== "ENOENT") throw cannotWrite(what, path, describeFsError(error));
    }
    // Something is missing: the file itself (a dangling link's target, or a new file), or a directory on the way.
    let directory: string;
    try {
      directory = await realpath(dirname(current));
    } catch (error) {
      if (codeOf(error) === "ELOOP") break;
      if (codeOf(error) === "ENOENT" || codeOf(error) === "ENOTDIR") return current; // reported as a missing directory
      throw cannotWrite(what, path, describeFsError(error));
    }
    const file = join(directory, basename(current));
    let link: Stats;
    try {
      link = await lstat(file);
    } catch (error) {
      if (codeOf(error) === "ENOENT") return file;
      throw cannotWrite(what, path, describeFsError(error));
    }
    if (!link.isSymbolicLink()) return file;
    current = resolve(directory, await readlink(file));
  }
  throw cannotWrite(what, path, `more than ${MAX_LINKS} symbolic links to follow — check for a loop`);
}

/** True when `mode` lets nobody write (no w bit at all): refused even for root, who could (files and directories alike). */
function readOnly(mode: number): boolean {
  return (mode & 0o222) === 0;
}

/** Resolves `path` (absolute) through symbolic links and checks that it can be written; throws CommandFailed naming `what` and the fix. */
export async function outputTarget(path: string, what: string): Promise<OutputTarget> {
  const real = await followLinks(path, what);
  const shown = real === resolve(path) ? "" : ` (a link to ${JSON.stringify(real)})`;
  let existing: Stats | undefined;
  try {
    existing = await stat(real);
  } catch (error) {
    if ((error as { code?: string }).code !== "ENOENT") throw cannotWrite(what, path, describeFsError(error));
  }
  if (existing !== undefined) {
    if (existing.isDirectory()) throw cannotWrite(what, path, `it is a directory${shown} — name a file inside it`);
    const mode = (existing.mode & 0o777).toString(8);
    if (readOnly(existing.mode) || !(await allowed(real, constants.W_OK))) {
      throw cannotWrite(what, path, `the file${shown} is read-only (mode ${mode}) — make it writable (chmod u+w) or write somewhere else`);
    }
  }
  const directory = dirname(real);
  let folder: Stats;
  try {
    folder = await stat(directory);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === "ENOENT" ? `the directory ${JSON.stringify(directory)} does not exist — create it first` : describeFsError(error);
    throw cannotWrite(what, path, reason);
  }
  if (!folder.isDirectory()) throw cannotWrite(what, path, `${JSON.stringify(directory)} is not a directory`);
  if (readOnly(folder.mode) || !(await allowed(directory, constants.W_OK | constants.X_OK))) {
    throw cannotWrite(what, path, `the directory ${JSON.stringify(directory)} is not writable (the file is replaced through a temporary file beside it) — make it writable or write somewhere else`);
  }
  return { given: path, path: real, existing };
}

async function allowed(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** The error for an output that cannot be written: exit 1, the action failed. */
export function cannotWrite(what: string, path: string, reason: string): CommandFailed {
  return new CommandFailed(`cannot write ${what} ${JSON.stringify(path)}: ${reason}`);
}
