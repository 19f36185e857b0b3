/**
 * File-system errors in words: `no such file — check the path …` instead of `ENOENT`.
 * @module
 */

/** The reason a file operation failed, as a phrase that says what to check. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  if (code === "ENOENT") return "no such file — check the path (relative paths start from the current directory)";
  if (code === "EISDIR") return "it is a directory, not a file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "a part of the path is not a directory";
  return error instanceof Error ? error.message : String(error);
}
