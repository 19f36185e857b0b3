/** Types for murmurhash3js-revisited, which ships none. */
declare module "murmurhash3js-revisited" {
  interface MurmurHash3 {
    /** Skips the per-byte input check when false. */
    inputValidation: boolean;
    x86: {
      /** MurmurHash3 x86 32-bit of the bytes, unsigned. */
      hash32(bytes: ArrayLike<number>, seed?: number): number;
      /** MurmurHash3 x86 128-bit of the bytes, as hex. */
      hash128(bytes: ArrayLike<number>, seed?: number): string;
    };
  }
  const murmurhash3: MurmurHash3;
  export default murmurhash3;
}
