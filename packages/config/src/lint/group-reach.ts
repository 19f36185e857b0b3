/**
 * Which groups of an experiment its segmenter can give units, as lint judges it: a group the
 * segmenter does not list, or one it gives a share of 0 (a weight or percent of 0), is reached
 * only by forced units.
 * @module
 */
import type { JsonPointer } from "../pointer.ts";
import { isRecord, str } from "../rules/context.ts";
import { instantiateSegmenter, type SegmenterRegistry } from "../segmenters.ts";
import type { ExperimentConfig } from "../types.ts";

/** How the segmenter treats a group: it never lists it, lists it with a share of 0, or may assign it. */
export type GroupReach = "unlisted" | "zero-share" | "assigned";

/** How the experiment's segmenter treats each group id; undefined when the segmenter cannot be created (validate reports why). */
export function groupReach(experiment: ExperimentConfig, pointer: JsonPointer, segmenters: SegmenterRegistry): ((group: string) => GroupReach) | undefined {
  const id = str(experiment.id);
  if (!isRecord(experiment.segmenter) || id === undefined) return undefined;
  const factory = segmenters.get(String(experiment.segmenter.type));
  const salt = str(experiment.salt) ?? id;
  if (factory === undefined || salt === "" || salt.includes(":")) return undefined;
  const created = instantiateSegmenter(factory, experiment.segmenter, { id, salt }, pointer);
  if (!("segmenter" in created)) return undefined;
  const assigned = new Set(created.segmenter.groups);
  let shares: Readonly<Record<string, number>> | undefined;
  try {
    shares = created.segmenter.expectedShares;
  } catch {
    // A third-party segmenter whose shares cannot be read is judged by its groups alone.
  }
  return (group) => (!assigned.has(group) ? "unlisted" : isRecord(shares) && Object.hasOwn(shares, group) && shares[group] === 0 ? "zero-share" : "assigned");
}
