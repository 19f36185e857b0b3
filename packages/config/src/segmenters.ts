/**
 * The segmenters `validate` knows: the built-ins of @strata/segmenters plus the factories a
 * caller registers (`validate(json, { segmenters: [mine] })`; a registered factory replaces a
 * built-in of the same type). Options are checked the way the engine will create them:
 * `createSegmenter` runs the factory's own Standard Schema and its `create`.
 * @module
 */
import {
  builtinSegmenters,
  createSegmenter,
  createSegmenterContext,
  SegmenterOptionsError,
  type Segmenter,
  type SegmenterFactory,
} from "@strata/segmenters";
import { child, type JsonPointer } from "./pointer.ts";

/** Segmenter factories by type. */
export type SegmenterRegistry = ReadonlyMap<string, SegmenterFactory<any>>;

/** The registry of the built-ins plus `extra` (later entries replace earlier ones of the same type). */
export function segmenterRegistry(extra: readonly SegmenterFactory<any>[] = []): SegmenterRegistry {
  const registry = new Map<string, SegmenterFactory<any>>();
  for (const factory of [...builtinSegmenters, ...(Array.isArray(extra) ? extra : [])] as readonly SegmenterFactory<any>[]) {
    if (typeof factory?.type === "string") registry.set(factory.type, factory);
  }
  return registry;
}

/** The options a segmenter gets: the config's segmenter object without its `type`. */
export function segmenterOptions(segmenter: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { type: _type, ...options } = segmenter;
  return options;
}

/** A problem with a segmenter's options, located in the document. */
export interface SegmenterIssue {
  /** Where: under the experiment's `segmenter`. */
  readonly pointer: JsonPointer;
  /** What is wrong, as the segmenter says it. */
  readonly message: string;
}

/** Creates the segmenter of one experiment as the engine would: the instance, or every issue with its pointer. */
export function instantiateSegmenter(
  factory: SegmenterFactory<any>,
  segmenter: Readonly<Record<string, unknown>>,
  experiment: { readonly id: string; readonly salt: string },
  pointer: JsonPointer,
): { readonly segmenter: Segmenter } | { readonly issues: readonly SegmenterIssue[] } {
  try {
    const ctx = createSegmenterContext({ experimentId: experiment.id, salt: experiment.salt });
    return { segmenter: createSegmenter(factory, segmenterOptions(segmenter), ctx) };
  } catch (error) {
    if (error instanceof SegmenterOptionsError) {
      return { issues: error.issues.map((issue) => ({ pointer: optionPointer(pointer, issue.path), message: issue.message })) };
    }
    return { issues: [{ pointer, message: `the segmenter could not be created: ${error instanceof Error ? error.message : String(error)}` }] };
  }
}

/** Turns a segmenter option path such as `groups[1].weight` or `shares["a b"]` into a pointer under `base`. */
export function optionPointer(base: JsonPointer, path: string): JsonPointer {
  const tokens: (string | number)[] = [];
  const pattern = /^(?:\.?([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path;
  while (rest.length > 0) {
    const match = pattern.exec(rest);
    if (match === null) return base;
    if (match[1] !== undefined) tokens.push(match[1]);
    else if (match[2] !== undefined) tokens.push(Number(match[2]));
    else {
      try {
        tokens.push(JSON.parse(match[3]!) as string);
      } catch {
        return base;
      }
    }
    rest = rest.slice(match[0].length);
  }
  return child(base, ...tokens);
}
