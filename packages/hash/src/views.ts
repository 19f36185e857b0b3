/**
 * Length-exact views over a reused buffer, cached so that hashing a prefix of the buffer
 * allocates nothing once a length has been seen.
 * @module
 */

/** Hands out `bytes.subarray(0, length)` views of one buffer, creating each length once. */
export class PrefixViews {
  private source: Uint8Array | undefined;
  private views: Uint8Array[] = [];

  /** The first `length` bytes of `bytes` as a cached view. */
  of(bytes: Uint8Array, length: number): Uint8Array {
    if (bytes !== this.source) {
      this.source = bytes;
      this.views = [];
    }
    let view = this.views[length];
    if (view === undefined) {
      view = bytes.subarray(0, length);
      this.views[length] = view;
    }
    return view;
  }
}
