/**
 * Every `strata` command, in the order `strata --help` lists them.
 * @module
 */
import { allocateCommand } from "./allocate.ts";
import { assignCommand } from "./assign.ts";
import type { Command } from "./command.ts";
import { hashCommand } from "./hash.ts";
import { importCommand } from "./import.ts";
import { lintCommand } from "./lint.ts";
import { reportCommand } from "./report.ts";
import { simulateCommand } from "./simulate.ts";
import { validateCommand } from "./validate.ts";

/** The commands, by the order of the DESIGN contract. */
export const COMMANDS: readonly Command[] = [validateCommand, lintCommand, assignCommand, simulateCommand, allocateCommand, hashCommand, reportCommand, importCommand];
