/**
 * What the control plane returns and throws: a diff of human-readable changes with pointers, as
 * the CLI prints them, and `AllocationError` when a request cannot be met.
 * @module
 */
import { displayPointer, type JsonPointer } from "../pointer.ts";
import type { StrataConfig } from "../types.ts";

/** One change to the config. `remove` pointers refer to the old config; `add` and `replace` pointers to the new one. */
export interface Change {
  /** What happened at `pointer`. */
  readonly op: "add" | "remove" | "replace";
  /** Where. */
  readonly pointer: JsonPointer;
  /** The change as a sentence, e.g. `gave experiment "x" buckets [500, 600) (10% of layer "color")`. */
  readonly message: string;
}

/** What `allocate`, `resize` and `release` return: the new config and what changed. */
export interface AllocationResult {
  /** The new config (a frozen, validated copy; the input is never modified). */
  readonly config: StrataConfig;
  /** The changes, in the order they were made (empty when nothing had to change). */
  readonly diff: readonly Change[];
}

/** One change as the CLI prints it: `+ /pointer: message` (`-` removed, `~` replaced). */
export function formatChange(change: Change): string {
  const sign = change.op === "add" ? "+" : change.op === "remove" ? "-" : "~";
  return `${sign} ${displayPointer(change.pointer)}: ${change.message}`;
}

/** The free space of one layer, as an `AllocationError` reports it. */
export interface LayerSpace {
  /** The layer id. */
  readonly layer: string;
  /** The layer's pointer. */
  readonly pointer: JsonPointer;
  /** Its bucket count. */
  readonly buckets: number;
  /** Free buckets in total. */
  readonly free: number;
  /** The largest contiguous free range, if any. */
  readonly largest: readonly [number, number] | undefined;
  /** Why this layer could not take the request, when it is not simply too full. */
  readonly reason?: string;
}

/** Why a request failed: a stable code for tools. */
export type AllocationErrorCode =
  | "invalid-request"
  | "unknown-experiment"
  | "unknown-layer"
  | "unknown-domain"
  | "already-allocated"
  | "not-allocated"
  | "stopped"
  | "incompatible-layer"
  | "no-room"
  | "cooling-down";

/** A control-plane request that cannot be met; the message says why and what to do. */
export class AllocationError extends Error {
  /** A stable code, e.g. `no-room`. */
  readonly code: AllocationErrorCode;
  /** For `no-room` (and `incompatible-layer`, `invalid-request` when layers were considered): every layer considered, its free space and why it could not take the request. */
  readonly layers: readonly LayerSpace[];

  /** Creates the error. */
  constructor(code: AllocationErrorCode, message: string, layers: readonly LayerSpace[] = []) {
    super(message);
    this.name = "AllocationError";
    this.code = code;
    this.layers = layers;
  }
}
