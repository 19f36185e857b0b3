/**
 * The parts of an Optimizely datafile (v2–v4) the importer reads.
 * @module
 */

/** A `trafficAllocation` entry. */
export interface DatafileTrafficAllocation {
  /** A variation id (or experiment id, in a group); `""` for no traffic. */
  readonly entityId: string;
  /** The end of the range, exclusive, 0–10000. */
  readonly endOfRange: number;
}

/** A variation. */
export interface DatafileVariation {
  /** The variation id (what trafficAllocation names). */
  readonly id: string;
  /** The variation key (what getVariation returns). */
  readonly key: string;
}

/** An experiment (top-level, or inside a group). */
export interface DatafileExperiment {
  /** The experiment id — what is hashed. */
  readonly id: string;
  /** The experiment key — what getVariation takes. */
  readonly key: string;
  /** "Running", "Paused", "Not started", "Archived"… */
  readonly status: string;
  /** The variations. */
  readonly variations?: readonly DatafileVariation[];
  /** The ordered ranges of the experiment's bucket. */
  readonly trafficAllocation?: readonly DatafileTrafficAllocation[];
  /** User id → variation key (whitelisting). */
  readonly forcedVariations?: Readonly<Record<string, string>>;
  /** Audience ids, OR-ed (used when audienceConditions is absent). */
  readonly audienceIds?: readonly string[];
  /** An and/or/not tree over audience ids. */
  readonly audienceConditions?: unknown;
  /** "ab", "mab", "cmab", "td", "fr"… */
  readonly type?: string;
  /** Present on contextual multi-armed bandits. */
  readonly cmab?: unknown;
}

/** An exclusion group. */
export interface DatafileGroup {
  /** The group id — hashed in the group stage. */
  readonly id: string;
  /** "random" (mutually exclusive) or "overlapping". */
  readonly policy: string;
  /** Which experiment each range of the group hash goes to. */
  readonly trafficAllocation?: readonly DatafileTrafficAllocation[];
  /** The group's experiments. */
  readonly experiments?: readonly DatafileExperiment[];
}

/** An audience: conditions as a JSON string (`audiences`) or an object (`typedAudiences`). */
export interface DatafileAudience {
  /** The audience id. */
  readonly id: string;
  /** The audience name. */
  readonly name?: string;
  /** The condition tree (a JSON string in `audiences`). */
  readonly conditions: unknown;
}

/** A feature flag. */
export interface DatafileFeatureFlag {
  /** The flag id. */
  readonly id: string;
  /** The flag key. */
  readonly key: string;
  /** The flag's experiment rules. */
  readonly experimentIds?: readonly string[];
  /** The flag's delivery rules. */
  readonly rolloutId?: string;
}

/** A rollout: delivery rules (experiments), the last one "Everyone Else". */
export interface DatafileRollout {
  /** The rollout id. */
  readonly id: string;
  /** Its rules. */
  readonly experiments?: readonly DatafileExperiment[];
}

/** An Optimizely datafile. */
export interface OptimizelyDatafile {
  /** "2", "3" or "4". */
  readonly version: string;
  /** A/B experiments outside groups. */
  readonly experiments?: readonly DatafileExperiment[];
  /** Exclusion groups. */
  readonly groups?: readonly DatafileGroup[];
  /** Audiences with string-encoded conditions. */
  readonly audiences?: readonly DatafileAudience[];
  /** Audiences with typed conditions (they win over `audiences` of the same id). */
  readonly typedAudiences?: readonly DatafileAudience[];
  /** Feature flags. */
  readonly featureFlags?: readonly DatafileFeatureFlag[];
  /** Delivery rules. */
  readonly rollouts?: readonly DatafileRollout[];
  /** Global holdouts. */
  readonly holdouts?: readonly { readonly id: string; readonly key: string }[];
  /** Rule-scoped holdouts. */
  readonly localHoldouts?: readonly { readonly id: string; readonly key: string }[];
}
