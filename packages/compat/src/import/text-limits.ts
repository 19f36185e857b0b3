/**
 * Source strings against Strata's string limit (`LIMITS.stringLength`, counted in code points as
 * `validate` counts them), and source keys quoted briefly for descriptions and messages.
 * @module
 */
import { LIMITS } from "@strata/config";
import { Unsupported } from "./unsupported.ts";

/** The longest source text quoted in a description or message. */
const QUOTE_LENGTH = 200;

/** True when `text` has more code points than a Strata document's strings may (`LIMITS.stringLength`). */
export function exceedsStringLength(text: string): boolean {
  return text.length > LIMITS.stringLength && [...text].length > LIMITS.stringLength;
}

/** Throws Unsupported at `pointer` when `text` is longer than `LIMITS.stringLength`; `what` names it. */
export function checkStringLength(text: string, pointer: string, what: string): string {
  if (exceedsStringLength(text)) {
    throw new Unsupported(pointer, `${what} is ${[...text].length} characters long; Strata documents hold strings of at most ${LIMITS.stringLength} (LIMITS.stringLength)`);
  }
  return text;
}

/** `text` cut to 200 characters (with "…"), so descriptions quoting source keys stay within Strata's limits. */
export function clip(text: string): string {
  return text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH)}…` : text;
}

/** `text`, clipped, as a JSON string: how descriptions and messages quote a source key. */
export function briefly(text: string): string {
  return JSON.stringify(clip(text));
}
