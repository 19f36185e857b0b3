/**
 * Writing output files atomically: a temporary file beside the target, then a rename, so a
 * config or a report is never left half-written.
 * @module
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CommandFailed } from "./errors.ts";
import { describeFsError } from "./fs-errors.ts";

/** Writes `text` to `path` atomically; throws CommandFailed naming `what` and the file when it cannot. */
export async function writeFileAtomic(path: string, text: string, what: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, text, "utf8");
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new CommandFailed(`cannot write ${what} ${JSON.stringify(path)}: ${describeFsError(error)}`);
  }
}
