/**
 * RFC 3339 timestamps with a time zone, read the same on every runtime: the calendar is checked
 * (no February 30th), so `Date.parse` never gets to roll a date over.
 * @module
 */
import { TIMESTAMP_PATTERN } from "./schema.ts";

const SHAPE = new RegExp(TIMESTAMP_PATTERN);

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when `text` has the shape of a timestamp (the calendar may still be impossible). */
export function hasTimestampShape(text: string): boolean {
  return SHAPE.test(text);
}

/** Milliseconds since the epoch for a valid timestamp such as `2025-03-01T09:00:00Z`, else undefined. */
export function parseTimestamp(text: string): number | undefined {
  if (!SHAPE.test(text)) return undefined;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const hour = Number(text.slice(11, 13));
  const minute = Number(text.slice(14, 16));
  const second = text[16] === ":" ? Number(text.slice(17, 19)) : 0;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  if (offset !== null && (Number(offset[2]) > 23 || Number(offset[3]) > 59)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A time as the messages and `stoppedAt` print it: RFC 3339 in UTC, milliseconds only when there are some. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
