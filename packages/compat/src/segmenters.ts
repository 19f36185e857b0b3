/**
 * Every compat segmenter factory in one list, to register with an engine or a validator:
 * `createEngine(config, { segmenters: compatSegmenters })`.
 * @module
 */
import { growthbook } from "./growthbook/segmenter.ts";
import { md5Prefix } from "./md5-prefix.ts";
import { optimizely } from "./optimizely/segmenter.ts";
import { planout } from "./planout.ts";
import { unleash } from "./unleash.ts";
import { verdict } from "./verdict.ts";

/** The compat factories: `compat:optimizely`, `compat:growthbook`, `compat:unleash`, `compat:planout`, `compat:verdict`, `compat:md5-prefix`. */
export const compatSegmenters = [optimizely, growthbook, unleash, planout, verdict, md5Prefix] as const;
