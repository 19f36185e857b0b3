/**
 * What every semantic rule receives, and the small guards that let rules run on a document
 * whose shape may still be wrong (the shape problems are reported separately).
 * @module
 */
import type { ProblemCollector } from "../problem.ts";
import type { SegmenterRegistry } from "../segmenters.ts";
import type { StrataConfig } from "../types.ts";

/** The input of a rule: the document (possibly malformed), where to report, and the segmenters. */
export interface RuleContext {
  /** The document; its shape may be wrong, so rules check every field they read. */
  readonly config: StrataConfig;
  /** Where rules report problems. */
  readonly out: ProblemCollector;
  /** The segmenter factories by type. */
  readonly segmenters: SegmenterRegistry;
}

/** A semantic rule: reports problems and never throws. */
export type Rule = (context: RuleContext) => void;

/** True for a plain object. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is an array, else an empty list. */
export function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The own keys of a plain object, else an empty list. */
export function keys(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}
