/**
 * `Unsupported`: thrown inside an importer for a part of the source document it cannot express;
 * the importer catches it, lists the part in `unsupported` with the pointer, and imports the rest.
 * @module
 */

/** A part of the source the config cannot hold: `pointer` locates it, the message says why. */
export class Unsupported extends Error {
  /** Creates the error for the part at `pointer` (a JSON Pointer into the source document). */
  constructor(readonly pointer: string, reason: string) {
    super(reason);
    this.name = "Unsupported";
  }
}
