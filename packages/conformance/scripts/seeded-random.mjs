/**
 * A small seeded pseudo-random generator (mulberry32), so the generator's sampled cases are
 * the same on every run and every machine.
 * @module
 */

/**
 * A function returning the next pseudo-random number in [0, 1) of the sequence seeded by `seed`.
 * @param {number} seed a 32-bit integer
 * @returns {() => number}
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
