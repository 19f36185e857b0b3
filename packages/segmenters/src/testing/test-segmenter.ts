/**
 * `testSegmenter`: the conformance suite every segmenter, built-in or third-party, passes —
 * registered as vitest tests.
 * @module
 */
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, it } from "vitest";
import type { SegmenterFactory, SegmenterStores } from "@strata/segmenters";
import {
  checkDeterminism,
  checkGroupAt,
  checkGroups,
  checkOddUnits,
  checkRejects,
  checkSaltIndependence,
  checkShares,
  frozenFeedbackStats,
  type ConformanceSetup,
  type InvalidOptionsCase,
} from "./checks.ts";

/** What `testSegmenter` needs: the factory, valid options and at least one invalid case. */
export interface TestSegmenterOptions<Factory extends SegmenterFactory<any>> {
  /** The factory under test. */
  readonly factory: Factory;
  /** Valid options, as written in the config (without "type"). */
  readonly options: StandardSchemaV1.InferInput<Factory["options"]>;
  /** Invalid options, each with the option path its error must name (at least one). */
  readonly invalid: readonly [InvalidOptionsCase, ...InvalidOptionsCase[]];
  /** The suite's name; default `segmenter "<type>"`. */
  readonly name?: string;
  /** The experiment id in the context; default "conformance". */
  readonly experimentId?: string;
  /** The salt in the context; default the experiment id. */
  readonly salt?: string;
  /** Fresh stores per instance; default a feedback store frozen at an empty snapshot (so draws are repeatable). */
  readonly stores?: () => SegmenterStores;
  /** Request attributes passed to `assign`; default none. */
  readonly attributes?: Readonly<Record<string, unknown>>;
  /** Units in the share check; default 100,000. */
  readonly units?: number;
  /** Significance level of the chi-square share check; default 1e-4. */
  readonly alpha?: number;
  /** Shares to check against as well as the segmenter's own `expectedShares` (both must hold). */
  readonly expectedShares?: Readonly<Record<string, number>>;
}

/** Registers the conformance suite for a segmenter as vitest tests (call it at the top level of a test file). */
export function testSegmenter<Factory extends SegmenterFactory<any>>(suite: TestSegmenterOptions<Factory>): void {
  const experimentId = suite.experimentId ?? "conformance";
  const setup: ConformanceSetup = {
    factory: suite.factory,
    options: suite.options,
    experimentId,
    salt: suite.salt ?? experimentId,
    stores: suite.stores ?? (() => ({ feedback: frozenFeedbackStats() })),
    assignContext: { attributes: suite.attributes ?? {}, now: Date.UTC(2025, 0, 1) },
  };
  describe(suite.name ?? `segmenter ${JSON.stringify(suite.factory.type)}`, () => {
    it("has a type name", () => {
      if (typeof suite.factory.type !== "string" || suite.factory.type === "") throw new Error("factory.type must be a non-empty string");
    });
    it("registers unique groups and declares shares over them", () => checkGroups(setup));
    it("gives the same unit the same group, over repeated calls and in a fresh instance", () => checkDeterminism(setup));
    it("agrees with its groupAt fast path, if it has one, whatever the request", () => checkGroupAt(setup));
    it("splits units independently of another experiment (another salt)", () => checkSaltIndependence(setup));
    it(`gives ${suite.units ?? 100_000} units registered groups in the expected shares (chi-square)`, (context) => {
      const outcome = checkShares(setup, { units: suite.units, alpha: suite.alpha, expectedShares: suite.expectedShares });
      if ("skipped" in outcome) context.skip(outcome.skipped);
    }, 60_000);
    it("assigns odd units (empty, 1 KB, emoji, lone surrogates) without throwing", () => checkOddUnits(setup));
    for (const invalid of suite.invalid) {
      it(`rejects invalid options naming ${invalid.path === "" ? "the options object" : invalid.path}`, () => checkRejects(setup, invalid));
    }
  });
}
