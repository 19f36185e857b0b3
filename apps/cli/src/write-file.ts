/**
 * Writing output files atomically: a temporary file beside the real target, then a rename, so a
 * config or a report is never left half-written. A symbolic link is written through (the file it
 * points at is replaced and the link stays a link), an existing file keeps its mode (and, for
 * root, its owner), and a read-only target is refused (see `outputTarget`).
 * @module
 */
import { chmod, chown, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { describeFsError } from "./fs-errors.ts";
import { cannotWrite, outputTarget } from "./output-target.ts";

/** Writes `text` to `path` (absolute) atomically; throws CommandFailed naming `what` and the file when it cannot. */
export async function writeFileAtomic(path: string, text: string, what: string): Promise<void> {
  const target = await outputTarget(path, what);
  const temporary = join(dirname(target.path), `.${basename(target.path)}.${process.pid}.tmp`);
  try {
    await rm(temporary, { force: true });
    await writeFile(temporary, text, { encoding: "utf8", flag: "wx" });
    if (target.existing !== undefined) {
      await chmod(temporary, target.existing.mode & 0o7777);
      if (process.getuid?.() === 0) await chown(temporary, target.existing.uid, target.existing.gid);
    }
    await rename(temporary, target.path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw cannotWrite(what, path, describeFsError(error));
  }
}
