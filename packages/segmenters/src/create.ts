/**
 * `createSegmenter`: validates raw options with the factory's Standard Schema, calls `create`
 * and checks that what comes back keeps the contract.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Segmenter, SegmenterContext, SegmenterFactory } from "./contract.ts";
import { SegmenterOptionsError, type SegmenterOptionsIssue } from "./errors.ts";
import { formatPath } from "./path.ts";

/** Validates `rawOptions` (synchronously), creates the segmenter and checks it; throws SegmenterOptionsError. */
export function createSegmenter<Options>(factory: SegmenterFactory<Options>, rawOptions: unknown, ctx: SegmenterContext): Segmenter {
  const standard = (factory?.options as Partial<StandardSchemaV1> | undefined)?.["~standard"];
  if (typeof factory?.create !== "function" || typeof standard?.validate !== "function") {
    throw new TypeError(`createSegmenter: not a segmenter factory (${JSON.stringify(factory?.type)}); declare it with defineSegmenter`);
  }
  const fail = (message: string, path = "", cause?: unknown): never => {
    throw new SegmenterOptionsError(ctx.experimentId, [{ path, message }], cause === undefined ? undefined : { cause });
  };
  const type = JSON.stringify(factory.type);
  let result: StandardSchemaV1.Result<Options> | Promise<StandardSchemaV1.Result<Options>>;
  try {
    result = standard.validate(rawOptions) as typeof result;
  } catch (error) {
    return fail(`the options schema of segmenter ${type} threw: ${describe(error)} — fix the schema so it reports issues instead`, "", error);
  }
  if (isThenable(result)) {
    result.then(undefined, () => undefined);
    return fail(
      `the options schema of segmenter ${type} is asynchronous, but segmenters are created synchronously — ` +
        "remove async refinements and transforms from the schema",
    );
  }
  if (result.issues) {
    const issues: SegmenterOptionsIssue[] = result.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
    throw new SegmenterOptionsError(ctx.experimentId, issues.length > 0 ? issues : [{ path: "", message: "rejected by the options schema" }]);
  }
  let segmenter: Segmenter;
  try {
    segmenter = factory.create(result.value, ctx);
  } catch (error) {
    if (error instanceof SegmenterOptionsError) throw error;
    return fail(`segmenter ${type} rejected its options: ${describe(error)}`, "", error);
  }
  checkSegmenter(segmenter, type, fail);
  return segmenter;
}

/** Checks what `create` returned: unique group ids, an `assign` function, shares over registered groups. */
function checkSegmenter(segmenter: Segmenter, type: string, fail: (message: string, path?: string) => never): void {
  const broke = `segmenter ${type} broke the contract:`;
  if (typeof segmenter !== "object" || segmenter === null) fail(`${broke} create() must return { groups, assign }`);
  const { groups, expectedShares } = segmenter;
  if (!Array.isArray(groups)) return fail(`${broke} groups must be an array of group ids`, "groups");
  const seen = new Set<string>();
  for (const id of groups as readonly unknown[]) {
    if (typeof id !== "string" || id === "") fail(`${broke} every group id must be a non-empty string (got ${JSON.stringify(id)})`, "groups");
    if (seen.has(id as string)) fail(`group ${JSON.stringify(id)} is listed twice — give each group a unique id`, "groups");
    seen.add(id as string);
  }
  if (typeof segmenter.assign !== "function") fail(`${broke} assign must be a function (unit, ctx) => group | null`);
  if (segmenter.convert !== undefined && typeof segmenter.convert !== "function") fail(`${broke} convert must be a function or left out`);
  if (segmenter.trial !== undefined && typeof segmenter.trial !== "function") fail(`${broke} trial must be a function (unit, group) => void or left out`);
  if (expectedShares === undefined) return;
  let total = 0;
  for (const [id, share] of Object.entries(expectedShares)) {
    if (!seen.has(id)) fail(`${broke} expectedShares names group ${JSON.stringify(id)}, which is not in groups`);
    if (typeof share !== "number" || !(share >= 0 && share <= 1)) fail(`${broke} expectedShares.${id} must be a fraction from 0 to 1 (got ${String(share)})`);
    total += share;
  }
  if (total > 1 + 1e-9) fail(`${broke} expectedShares add up to ${total}, more than 1`);
}

function isThenable(value: unknown): value is Promise<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
