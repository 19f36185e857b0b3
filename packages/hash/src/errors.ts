/**
 * The error thrown for an unknown or impossible hash scheme.
 * @module
 */

/** An unknown scheme name or an impossible scheme; `field` names the offending field. */
export class HashSchemeError extends Error {
  /** The field of the scheme that is wrong, e.g. `scheme.seed`. */
  readonly field: string;

  /** Creates the error for `field` with a message that says how to fix it. */
  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "HashSchemeError";
    this.field = field;
  }
}
