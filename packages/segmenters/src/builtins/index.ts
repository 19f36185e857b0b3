/**
 * The four built-in segmenter factories, in one list to register with an engine.
 * @module
 */
import { feedback } from "./feedback.ts";
import { fixed } from "./fixed.ts";
import { percentage } from "./percentage.ts";
import { rollout } from "./rollout.ts";

/** The built-in factories: percentage, fixed, rollout and feedback. */
export const builtinSegmenters = [percentage, fixed, rollout, feedback] as const;
