/**
 * The decision object: parameters merged lazily (defaults ← launch layers ← experiments) and
 * `get`, which reports the exposure of the experiment that set the parameter, once.
 * @module
 */
import type { ParamValue } from "@strata/config";
import type { CompiledConfig, CompiledExperiment } from "./compiled.ts";
import type { Assignment, Decision, ExposureEvent, NewAssignment } from "./types.ts";

const NONE: readonly never[] = Object.freeze([]);

/** Where exposures go: the engine's sink wrapped so a failing sink never fails a read. */
export type ExposureSink = ((event: ExposureEvent) => void) | undefined;

/** A decision over a compiled config. */
export class StrataDecision implements Decision {
  /** The experiments the unit is in. */
  readonly assignments: readonly Assignment[];
  /** Sticky assignments to persist. */
  readonly toPersist: readonly NewAssignment[];
  /** Problems met while deciding. */
  readonly errors: readonly string[];
  private readonly compiled: CompiledConfig;
  private readonly sink: ExposureSink;
  private readonly time: { readonly now: number };
  private readonly sources: readonly CompiledExperiment[] | undefined;
  private values: ParamValue[] | undefined;
  private setBy: number[] | undefined;
  private exposed: boolean[] | undefined;
  private object: Readonly<Record<string, ParamValue>> | undefined;

  /** Wraps the outcome of one evaluation; `sources[i]`, when given, is the compiled experiment of `assignments[i]` (saves a lookup per assignment). */
  constructor(
    compiled: CompiledConfig,
    assignments: readonly Assignment[],
    toPersist: readonly NewAssignment[] | null,
    errors: readonly string[] | null,
    sink: ExposureSink,
    time: { readonly now: number },
    sources?: readonly CompiledExperiment[],
  ) {
    this.compiled = compiled;
    this.sources = sources;
    this.assignments = assignments;
    this.toPersist = toPersist ?? NONE;
    this.errors = errors ?? NONE;
    this.sink = sink;
    this.time = time;
  }

  private merge(): ParamValue[] {
    if (this.values) return this.values;
    const values = this.compiled.defaults.slice();
    const setBy: number[] = [];
    for (let i = 0; i < values.length; i++) setBy.push(-1);
    // Launch layers first, so that normal experiments override them.
    this.apply(values, setBy, true);
    this.apply(values, setBy, false);
    this.setBy = setBy;
    this.values = values;
    return values;
  }

  /** Applies the groups of the launch (or normal) assignments to `values` and notes which assignment set each parameter. */
  private apply(values: ParamValue[], setBy: number[], launch: boolean): void {
    const assignments = this.assignments;
    for (let a = 0; a < assignments.length; a++) {
      const assignment = assignments[a] as Assignment;
      if (assignment.launch !== launch) continue;
      const experiment = this.sources?.[a] ?? this.compiled.experiments.get(assignment.experiment);
      if (experiment === undefined) continue;
      // Every parameter of the layer exposes the unit, also in groups that keep the default (control).
      const owned = experiment.layerParams;
      for (let i = 0; i < owned.length; i++) setBy[owned[i] as number] = a;
      const overrides = experiment.groups.get(assignment.group)?.overrides ?? NONE;
      for (let i = 0; i < overrides.length; i += 2) values[overrides[i] as number] = overrides[i + 1] as ParamValue;
    }
  }

  /** Every parameter's value. */
  get params(): Readonly<Record<string, ParamValue>> {
    if (this.object) return this.object;
    const values = this.merge();
    const object: Record<string, ParamValue> = {};
    this.compiled.paramNames.forEach((name, i) => {
      object[name] = values[i] as ParamValue;
    });
    return (this.object = Object.freeze(object));
  }

  /** A parameter's value (undefined for an unknown parameter); reports, once, the exposure of the experiment whose layer decides it. */
  get(param: string): ParamValue | undefined {
    const index = this.compiled.paramIndex.get(param);
    if (index === undefined) return undefined;
    const values = this.merge();
    const by = (this.setBy as number[])[index] as number;
    if (by >= 0 && this.sink !== undefined) {
      const exposed = (this.exposed ??= []);
      if (!exposed[by]) {
        exposed[by] = true;
        this.sink(exposureOf(this.assignments[by] as Assignment, this.time.now, param));
      }
    }
    return values[index];
  }
}

/** The exposure event of an assignment. */
export function exposureOf(assignment: Assignment, at: number, param?: string): ExposureEvent {
  const { experiment, group, layer, unitType, unit } = assignment;
  return param === undefined ? { experiment, group, layer, unitType, unit, at } : { experiment, group, layer, unitType, unit, param, at };
}
