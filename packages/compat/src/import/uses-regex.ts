/**
 * Whether a translated condition holds a `$regex` test: such a test reads attribute values of at
 * most `LIMITS.regexSubjectLength` characters, which importers must tell their users.
 * @module
 */

/** Whether `condition` (a Strata condition, or a constant) has a `$regex` test anywhere in it. */
export function usesRegex(condition: unknown): boolean {
  if (Array.isArray(condition)) return condition.some(usesRegex);
  if (typeof condition !== "object" || condition === null) return false;
  return Object.entries(condition).some(([key, value]) => key === "$regex" || usesRegex(value));
}
