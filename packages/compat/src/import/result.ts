/**
 * What an importer returns: the Strata config, everything it could not express (listed, never
 * dropped silently) and notes on what it changed or assumed — each located by a JSON Pointer into
 * the source document.
 * @module
 */
import type { StrataConfig } from "@strata/config";

/** One entry of an import report: where in the source document, and why. */
export interface ImportIssue {
  /** A JSON Pointer into the source document, e.g. `/experiments/3` or `/features/checkout/rules/1`. */
  readonly pointer: string;
  /** What happened and, for unsupported parts, what to do about it. */
  readonly reason: string;
}

/** The result of `importOptimizely` or `importGrowthBook`. */
export interface ImportResult {
  /** The Strata config: every expressible experiment, with decisions identical to the source platform's. */
  readonly config: StrataConfig;
  /** Parts of the source that the config does not hold (and would decide differently), with the reason. */
  readonly unsupported: readonly ImportIssue[];
  /** Things the importer changed or assumed (renamed ids, dropped rules that could never match, translated conditions). */
  readonly notes: readonly ImportIssue[];
}

/** Thrown when the input is not a document of the expected kind at all. */
export class ImportError extends Error {
  /** Creates the error; `message` says what was expected. */
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

/** Collects unsupported parts and notes while an importer runs. */
export class ImportReport {
  /** Unsupported parts. */
  readonly unsupported: ImportIssue[] = [];
  /** Notes. */
  readonly notes: ImportIssue[] = [];

  /** Lists a part of the source the config will not hold. */
  skip(pointer: string, reason: string): void {
    this.unsupported.push({ pointer, reason });
  }

  /** Records a note. */
  note(pointer: string, reason: string): void {
    this.notes.push({ pointer, reason });
  }
}

/** `base` + `/token`, escaping `~` and `/` as JSON Pointer requires. */
export function pointerChild(base: string, ...tokens: (string | number)[]): string {
  return base + tokens.map((token) => `/${String(token).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
}
