/**
 * The parts of a GrowthBook SDK payload (`/api/features/<clientKey>`) the importer reads.
 * @module
 */

/** A legacy namespace: `[id, start, end]`. */
export type GrowthBookNamespace = readonly [string, number, number];

/** A filter of a rule. */
export interface GrowthBookPayloadFilter {
  /** The filter's seed. */
  readonly seed: string;
  /** Ranges of n that pass. */
  readonly ranges: readonly (readonly [number, number])[];
  /** The hashed attribute (default "id"). */
  readonly attribute?: string;
  /** The hash version (default 2). */
  readonly hashVersion?: number;
}

/** A feature rule: a force rule (`force`, maybe with `coverage`/`range`) or an experiment rule (`variations`). */
export interface GrowthBookRule {
  /** The rule id. */
  readonly id?: string;
  /** Targeting (GrowthBook's Mongo-style condition). */
  readonly condition?: unknown;
  /** Prerequisite features (not importable). */
  readonly parentConditions?: unknown;
  /** A force rule's value. */
  readonly force?: unknown;
  /** An experiment rule's variation values. */
  readonly variations?: readonly unknown[];
  /** The variations' weights (fractions). */
  readonly weights?: readonly number[];
  /** The experiment key (the seed when there is no seed). */
  readonly key?: string;
  /** The hashed attribute (default "id"). */
  readonly hashAttribute?: string;
  /** Sticky bucketing's fallback attribute. */
  readonly fallbackAttribute?: string;
  /** The hash version (default 1). */
  readonly hashVersion?: number;
  /** A force rule's rollout range. */
  readonly range?: readonly [number, number];
  /** The share of units in the experiment, or a force rule's rollout share. */
  readonly coverage?: number | null;
  /** The legacy namespace. */
  readonly namespace?: GrowthBookNamespace;
  /** Explicit variation ranges. */
  readonly ranges?: readonly (readonly [number, number])[];
  /** Per-variation key, name and passthrough flag. */
  readonly meta?: readonly { readonly key?: string; readonly name?: string; readonly passthrough?: boolean }[];
  /** Mutual-exclusion filters. */
  readonly filters?: readonly GrowthBookPayloadFilter[];
  /** The hash seed. */
  readonly seed?: string;
  /** The experiment name. */
  readonly name?: string;
  /** The experiment phase. */
  readonly phase?: string;
  /** A contextual bandit reference (not importable). */
  readonly contextualBanditRef?: string;
  /** A contextual bandit's variations (not importable). */
  readonly contextualVariations?: readonly unknown[];
}

/** A feature: its default value and rules, evaluated in order. */
export interface GrowthBookFeature {
  /** The value when no rule applies. */
  readonly defaultValue?: unknown;
  /** The rules, evaluated in order. */
  readonly rules?: readonly GrowthBookRule[];
}

/** An SDK payload: features by key (plus parts the importer reports as unsupported). */
export interface GrowthBookPayload {
  /** Features by key. */
  readonly features: Readonly<Record<string, GrowthBookFeature>>;
  /** Auto experiments (not importable). */
  readonly experiments?: readonly unknown[];
  /** Saved groups (conditions using them are not importable). */
  readonly savedGroups?: Readonly<Record<string, unknown>>;
  /** Encrypted features (decrypt before importing). */
  readonly encryptedFeatures?: string;
}
