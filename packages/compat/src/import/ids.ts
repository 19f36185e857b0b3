/**
 * Turns source keys into valid, unique Strata names: ids of domains, layers, experiments and groups
 * (`[A-Za-z0-9_][A-Za-z0-9_.-]*`), parameter names (starting with a letter or `_`) and unit types
 * (identifier characters, not `random`), at most 128 characters, never a reserved JS key.
 * @module
 */
import { FORBIDDEN_KEYS } from "@strata/config";
import { briefly } from "./text-limits.ts";

/** The kinds of names the config holds, each with its own character rules. */
export type NameKind = "id" | "param" | "unit";

const MAX = 128;

/** The closest valid name of `kind` to `raw` (not yet made unique). */
export function validName(raw: string, kind: NameKind): string {
  let name = kind === "unit" ? raw.replace(/[^A-Za-z0-9_]/g, "_") : raw.replace(/[^A-Za-z0-9_.-]/g, "_");
  const first = kind === "id" ? /^[A-Za-z0-9_]/ : /^[A-Za-z_]/;
  if (!first.test(name)) name = `_${name}`;
  if (FORBIDDEN_KEYS.has(name) || (kind === "unit" && name === "random")) name = `_${name}`;
  return name.slice(0, MAX);
}

/** Each kind's character rules, as `renameReason` states them. */
const RULES: Readonly<Record<NameKind, { readonly shape: RegExp; readonly text: string }>> = {
  id: { shape: /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, text: `ids start with a letter, digit or "_" and hold only letters, digits, "_", "." and "-"` },
  param: { shape: /^[A-Za-z_][A-Za-z0-9_.-]*$/, text: `parameter names start with a letter or "_" and hold only letters, digits, "_", "." and "-"` },
  unit: { shape: /^[A-Za-z_][A-Za-z0-9_]*$/, text: `unit types start with a letter or "_" and hold only letters, digits and "_"` },
};

/** Why a `NameAllocator` gave `raw` another name of `kind`: the rules it breaks, or that an earlier source key took it. */
export function renameReason(raw: string, kind: NameKind): string {
  const reasons: string[] = [];
  if (!RULES[kind].shape.test(raw)) reasons.push(RULES[kind].text);
  if (FORBIDDEN_KEYS.has(raw) || (kind === "unit" && raw === "random")) reasons.push(`${briefly(raw)} is reserved`);
  if (raw.length > MAX) reasons.push(`names are at most ${MAX} characters`);
  return reasons.length > 0 ? reasons.join("; ") : `${briefly(raw)} is already taken`;
}

/** Hands out unique valid names within one namespace (ids, a layer's params, an experiment's groups…). */
export class NameAllocator {
  private readonly used = new Set<string>();

  /** A unique valid name for `raw`; a clash gets a `-2`, `-3`… suffix (`_2` for unit types). */
  claim(raw: string, kind: NameKind): string {
    const base = validName(raw, kind);
    let name = base;
    for (let n = 2; this.used.has(name); n++) {
      const suffix = kind === "unit" ? `_${n}` : `-${n}`;
      name = base.slice(0, MAX - suffix.length) + suffix;
    }
    this.used.add(name);
    return name;
  }
}
