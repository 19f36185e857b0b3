/**
 * Colours of the report: one per experiment (distinct, colour-blind-friendly first twelve, then
 * golden-angle hues), one per nested domain, shades for groups and a readable text colour on each.
 * @module
 */

const EXPERIMENT_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#edc948", "#76b7b2", "#ff9da7", "#9c755f", "#86bcb6", "#d37295", "#8cd17d"];
const DOMAIN_COLORS = ["#0f766e", "#6d28d9", "#b45309", "#be185d", "#1d4ed8", "#4d7c0f"];

/** The root domain's colour. */
export const ROOT_COLOR = "#334155";

/** The colour of the `index`-th experiment. */
export function experimentColor(index: number): string {
  const listed = EXPERIMENT_COLORS[index];
  if (listed !== undefined) return listed;
  return hslToHex((index * 137.508) % 360, 0.55, 0.55);
}

/** The colour of the `index`-th nested domain. */
export function domainColor(index: number): string {
  return DOMAIN_COLORS[index % DOMAIN_COLORS.length] as string;
}

/** `color` mixed towards white (amount > 0) or black (amount < 0), amount in [−1, 1]. */
export function shade(color: string, amount: number): string {
  const [r, g, b] = rgb(color);
  const target = amount >= 0 ? 255 : 0;
  const t = Math.abs(amount);
  return hex(r + (target - r) * t, g + (target - g) * t, b + (target - b) * t);
}

/** The `index`-th of `count` shades of an experiment's colour, for its groups' strip. */
export function groupShade(color: string, index: number, count: number): string {
  if (count <= 1) return shade(color, -0.15);
  return shade(color, -0.3 + (0.85 * index) / (count - 1));
}

/** Near-black or white, whichever reads better on `background`. */
export function textOn(background: string): string {
  const [r, g, b] = rgb(background).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.33 ? "#111827" : "#ffffff";
}

function rgb(color: string): [number, number, number] {
  const value = Number.parseInt(color.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((channel) => Math.round(Math.max(0, Math.min(255, channel))).toString(16).padStart(2, "0")).join("")}`;
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return 255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return hex(f(0), f(8), f(4));
}
