/**
 * The unit types the core puts the user id and the cookie id under (`options.units`), checked
 * against the config's `units`. A name you pass must be one of the config's units; a default
 * name the config lacks is simply an unused unit (a cookie-only or user-only site), unless an
 * option needs it.
 * @module
 */

/** The unit type names of a core's two ids. */
export interface UnitNames {
  /** The unit type of the id the `userId` callback returns, e.g. `userId`. */
  readonly user: string;
  /** The unit type of the unit cookie's id, e.g. `cookieId`. */
  readonly cookie: string;
}

/** The unit type names used when `options.units` leaves them out. */
const DEFAULT_UNIT_NAMES: UnitNames = Object.freeze({ user: "userId", cookie: "cookieId" });

/** The config's `units` when the config has a list of them (an engine you built, or a config the engine will refuse, has none to check against). */
function configUnitsOf(config: unknown): readonly string[] | undefined {
  const units = (config as { units?: unknown } | null | undefined)?.units;
  return Array.isArray(units) ? units.map(String) : undefined;
}

/** A name given in `options.units`, checked; the default when none was given. */
function checkedName(value: unknown, key: keyof UnitNames, configUnits: readonly string[] | undefined): string {
  const field = `options.units.${key}`;
  if (value === undefined || value === null) return DEFAULT_UNIT_NAMES[key];
  if (typeof value !== "string" || value === "") throw new TypeError(`${field} must be a unit type name of the config, e.g. "${DEFAULT_UNIT_NAMES[key]}"`);
  if (configUnits !== undefined && !configUnits.includes(value)) {
    throw new TypeError(`${field} is "${value}", which is not in the config's units (${configUnits.join(", ")}); set ${field} to one of them`);
  }
  return value;
}

/**
 * The unit type names of `options.units`, checked against `config` (when given); throws a
 * TypeError naming the option and the fix. `hasUserIdCallback` says whether `options.userId`
 * was given: its ids need a user unit the config has.
 */
export function checkedUnitNames(units: { readonly user?: unknown; readonly cookie?: unknown } | undefined, config: unknown, hasUserIdCallback: boolean): UnitNames {
  const configUnits = configUnitsOf(config);
  const user = checkedName(units?.user, "user", configUnits);
  const cookie = checkedName(units?.cookie, "cookie", configUnits);
  if (user === cookie) throw new TypeError(`options.units.user and options.units.cookie are both "${user}"; they must be two unit types`);
  if (configUnits === undefined) return { user, cookie };
  const listed = configUnits.join(", ");
  if (hasUserIdCallback && !configUnits.includes(user)) {
    throw new TypeError(
      `options.userId is given, but the config's units (${listed}) have no "${user}" for its ids: set options.units.user to the config's unit type for signed-in users, add "${user}" to the config's units, or remove options.userId`,
    );
  }
  if (!configUnits.includes(user) && !configUnits.includes(cookie)) {
    throw new TypeError(
      `the config's units (${listed}) include neither "${user}" nor "${cookie}", so every request would get the defaults: set options.units.cookie (the unit cookie's id) or options.units.user (the userId callback's id) to one of them`,
    );
  }
  return { user, cookie };
}
