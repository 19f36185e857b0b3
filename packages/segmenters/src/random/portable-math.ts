/**
 * `log` and `exp` from IEEE-754 basic arithmetic only. `Math.log`/`Math.exp` may differ in the
 * last bit between JavaScript engines; these give the same bits everywhere, so a seeded draw
 * picks the same group on every runtime.
 * @module
 */

const LN2_HI = 0.6931471803691238; // ln 2 split so that k * LN2_HI is exact for |k| < 2^20
const LN2_LO = 1.9082149292705877e-10;
const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;
const SQRT1_2 = 0.7071067811865476;
const TWO_32 = 4294967296;

/** The natural logarithm of `x`, reproducible bit for bit on every runtime. */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : Number.NaN;
  if (x === Infinity) return Infinity;
  // x = m * 2^e with m in [sqrt(1/2), sqrt(2)); scaling by powers of two is exact.
  let m = x;
  let e = 0;
  for (; m >= TWO_32; e += 32) m /= TWO_32;
  for (; m < 1 / TWO_32; e -= 32) m *= TWO_32;
  for (; m >= SQRT2; e++) m /= 2;
  for (; m < SQRT1_2; e--) m *= 2;
  // log(m) = 2 atanh(z) = 2 (z + z^3/3 + z^5/5 + ...), |z| <= 0.1716.
  const z = (m - 1) / (m + 1);
  const z2 = z * z;
  let power = z;
  let sum = z;
  for (let k = 3; k < 60; k += 2) {
    power *= z2;
    const next = sum + power / k;
    if (next === sum) break;
    sum = next;
  }
  return e * LN2_HI + (2 * sum + e * LN2_LO);
}

/** e to the power `x`, reproducible bit for bit on every runtime. */
export function portableExp(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x > 709.78) return Infinity;
  if (x < -745.2) return 0;
  // x = k ln2 + r with |r| <= ln2 / 2; exp(r) by its Taylor series.
  const k = Math.round(x / LN2);
  const r = x - k * LN2_HI - k * LN2_LO;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 40; n++) {
    term *= r / n;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return scaleByPowerOfTwo(sum, k);
}

/** `value * 2^k` by exact multiplications (no Math.pow, whose result may vary). */
function scaleByPowerOfTwo(value: number, k: number): number {
  let result = value;
  let left = k;
  for (; left > 30; left -= 30) result *= 1073741824;
  for (; left < -30; left += 30) result /= 1073741824;
  return left >= 0 ? result * (1 << left) : result / (1 << -left);
}
