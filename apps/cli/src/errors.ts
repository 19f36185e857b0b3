/**
 * The errors a command reports and the exit code each one means. Commands throw these; `main`
 * prints the message (a stack trace only with `--debug`) and exits with the code.
 * @module
 */

/** Exit codes shared by every command: 0 success, 1 the check or the action failed, 2 the command line was wrong. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/** A mistake in the command line — unknown option, missing argument, a file that cannot be read: exit 2. */
export class UsageError extends Error {
  /** The command whose usage was wrong, so the message can point at its `--help`. */
  readonly command: string | undefined;

  /** Creates the error; `message` names the argument and says how to fix it. */
  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

/** A command that ran but failed (an invalid config, no room to allocate): exit 1 with a message a person can act on. */
export class CommandFailed extends Error {
  /** Lines printed before the message, e.g. one per config problem. */
  readonly details: readonly string[];

  /** Creates the error. */
  constructor(message: string, details: readonly string[] = []) {
    super(message);
    this.name = "CommandFailed";
    this.details = details;
  }
}
