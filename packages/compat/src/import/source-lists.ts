/**
 * Reading lists and objects of a source document that may be malformed: a list that is not one
 * is listed in `unsupported` with its pointer (and read as empty) instead of crashing the import.
 * @module
 */
import type { ImportReport } from "./result.ts";

/** True for a plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The list at `pointer`: empty when absent (undefined or null); anything else but a list is listed unsupported and read as empty. */
export function sourceList(value: unknown, pointer: string, report: ImportReport, what: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== undefined && value !== null) report.skip(pointer, `${what} must be a list (got ${describeValue(value)}); not read`);
  return [];
}

/** A short description of a source value for messages: its type, or the value itself when short. */
export function describeValue(value: unknown): string {
  if (value === null || typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value.length <= 40 ? JSON.stringify(value) : "a string";
  return Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : typeof value;
}
