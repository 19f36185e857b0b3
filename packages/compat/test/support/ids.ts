/** The unit ids every oracle test runs over: 10,000+ ids, about a third of them non-ASCII. */

const SCRIPTS = [
  (i: number) => `usér-${i}-é`, // Latin-1: one UTF-8 byte pair, one UTF-16 unit
  (i: number) => `ユーザー${i}`, // CJK: three UTF-8 bytes per unit
  (i: number) => `🧪-${i}`, // astral: a surrogate pair
  (i: number) => `Ωμέγα_${i}`, // Greek
  (i: number) => `пользователь${i}`, // Cyrillic
  (i: number) => `${i}ŉ€`, // a unit whose low byte collides with ASCII (U+0149 & 0xFF = "I")
];

/** `count` deterministic unit ids: mostly `user-<i>`, every third one from a non-ASCII script. */
export function unitIds(count = 10_000): string[] {
  return Array.from({ length: count }, (_, i) => (i % 3 === 2 ? (SCRIPTS[(i / 3) % SCRIPTS.length | 0] as (i: number) => string)(i) : `user-${i}`));
}

/** The corpus used by the oracle tests. */
export const IDS: readonly string[] = [...unitIds(10_000), "user-4419", "user-425", "usér-é", "exp1:usér-é", ""].filter((id) => id !== "");

/** How many ids of the corpus are not pure ASCII. */
export const NON_ASCII = IDS.filter((id) => /[^\x00-\x7f]/.test(id)).length;
