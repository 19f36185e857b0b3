/**
 * Asserts that a test file causes no unhandled promise rejection: listens on
 * process.on("unhandledRejection") for the whole file and fails in afterAll if any happened.
 * @module
 */
import { afterAll, beforeAll, expect } from "vitest";

/** Collects unhandled rejections during the calling file; `afterAll` expects there were none. */
export function expectNoUnhandledRejections(): { readonly reasons: readonly unknown[] } {
  const reasons: unknown[] = [];
  const listener = (reason: unknown) => {
    reasons.push(reason);
  };
  beforeAll(() => {
    process.on("unhandledRejection", listener);
  });
  afterAll(() => {
    process.off("unhandledRejection", listener);
    expect(reasons.map(String)).toEqual([]);
  });
  return { reasons };
}
