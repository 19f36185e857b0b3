/**
 * The shape of a Strata config as a valibot schema: the structural half of `validate`, a
 * Standard Schema for anyone who wants one, and the source `schema.json` is generated from
 * (`scripts/generate-schema.ts`). Every message says what is expected and what was found.
 * Rules that need the whole document (unique ids, overlapping slots, parameter ownership,
 * shared salts, regex safety…) are in `rules/`, not here.
 * @module
 */
import * as v from "valibot";
import { isConditionShape } from "./conditions/check.ts";
import { describeValue, listNames } from "./describe.ts";
import { FORBIDDEN_KEYS } from "./forbidden-keys.ts";
import { hasAllowedKeys, isAllowedKey, isJsonValue } from "./json-value.ts";
import { LIMITS } from "./limits.ts";
import { didYouMean } from "./suggest.ts";
import { codePointLength, withinLength } from "./text-length.ts";
import type { Condition, ParamValue } from "./types.ts";

/** The statuses an experiment may have. */
export const EXPERIMENT_STATUSES = ["draft", "running", "paused", "stopped"] as const;

/** The default size of a layer's bucket space. */
export const DEFAULT_BUCKETS = 1000;

const NOT_FORBIDDEN = `(?!(?:${[...FORBIDDEN_KEYS].join("|")})$)`;

/** Ids of domains, layers, experiments and groups: letters, digits, `_`, `.`, `-`, not starting with `.` or `-`. */
export const ID_PATTERN = `^${NOT_FORBIDDEN}[A-Za-z0-9_][A-Za-z0-9_.-]*$`;
/** Parameter names: a letter or `_`, then letters, digits, `_`, `.`, `-`. */
export const PARAM_PATTERN = `^${NOT_FORBIDDEN}[A-Za-z_][A-Za-z0-9_.-]*$`;
/** Unit type names: identifier characters only (no `@`, which marks `@day` diversion), and not `random`. */
export const UNIT_PATTERN = `^(?!(?:${[...FORBIDDEN_KEYS, "random"].join("|")})$)[A-Za-z_][A-Za-z0-9_]*$`;
/** An experiment's diversion: `random`, a unit name, or a unit name with `@day`. */
export const DIVERSION_PATTERN = "^(?:random|[A-Za-z_][A-Za-z0-9_]*(?:@day)?)$";
/** Salts: any characters but `:` (the hash key is `unit + ":" + salt`). */
export const SALT_PATTERN = "^[^:]+$";
/** Segmenter type names, as `defineSegmenter` accepts them. */
export const SEGMENTER_TYPE_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._/:-]*$";
/** RFC 3339 timestamps with a time zone, so every server reads the same instant. */
export const TIMESTAMP_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})$";

/** JSON Schema fragments for the custom schemas and checks JSON Schema cannot derive (used by the generator). */
export const jsonSchemaOverrides = new Map<unknown, Record<string, unknown>>();

type Issue = v.BaseIssue<unknown>;

/** A message for a value that must be `expected`: says so when it is missing and quotes it when it is wrong. */
function expect(expected: string) {
  return (issue: Issue) =>
    issue.input === undefined ? `is missing — add ${expected}` : `must be ${expected} (got ${describeValue(issue.input)})`;
}

function pattern(source: string, expected: string) {
  return v.regex(new RegExp(source), expect(expected));
}

/** The string length checks, told apart from other checks so the shape check reports them as `too-large`. */
const lengthChecks = new WeakSet<object>();

/** True for an issue of a string length limit. */
export function isLengthIssue(issue: Issue): boolean {
  return issue.type === "check" && typeof issue.requirement === "function" && lengthChecks.has(issue.requirement);
}

/** At most `limit` characters, counted in code points as JSON Schema's `maxLength` counts them. */
function maxLength(limit: number, what: string) {
  const fits = (input: string) => withinLength(input, limit);
  lengthChecks.add(fits);
  const check = v.check<string, (issue: Issue) => string>(
    fits,
    (issue: Issue) => `${what} is ${codePointLength(issue.input as string)} characters long; the limit is ${limit}`,
  );
  jsonSchemaOverrides.set(check, { maxLength: limit });
  return check;
}

/** At most `limit` entries in a list. */
function maxItems<T extends unknown[]>(limit: number, what: string) {
  return v.maxLength<T, number, (issue: Issue) => string>(
    limit,
    (issue: Issue) => `${what} has ${(issue.input as unknown[]).length} entries; the limit is ${limit}`,
  );
}

/** What to add for each required field, for "is missing" messages. */
const REQUIRED_FIELDS: Readonly<Record<string, string>> = {
  version: `"version": 1`,
  units: `the unit types in priority order, e.g. "units": ["userId", "cookieId"]`,
  params: `the parameters, e.g. "params": { "button_color": "blue" } (a layer lists the names it owns: ["button_color"])`,
  domain: `the root domain, e.g. "domain": { "id": "root", "layers": [] }`,
  id: `an id such as "checkout-redesign"`,
  layers: `its layers, e.g. "layers": [] (a domain without layers is a holdout)`,
  slots: `its slots, e.g. "slots": [] for none yet`,
  ranges: `its bucket ranges, e.g. "ranges": [[0, 100]] ([] for no buckets yet)`,
  status: `a status: "draft", "running", "paused" or "stopped"`,
  groups: `the groups, e.g. "groups": [{ "id": "control" }, { "id": "treatment", "params": { … } }]`,
  segmenter: `how units are split, e.g. "segmenter": { "type": "percentage", "groups": [{ "id": "control", "weight": 50 }, { "id": "treatment", "weight": "rest" }] }`,
  type: `the segmenter type, e.g. "type": "percentage"`,
};

function missingField(issue: Issue): string | undefined {
  if (issue.input !== undefined || typeof issue.expected !== "string" || !issue.expected.startsWith('"')) return undefined;
  const field = issue.expected.slice(1, -1);
  const hint = Object.hasOwn(REQUIRED_FIELDS, field) ? REQUIRED_FIELDS[field] : undefined;
  return `the field "${field}" is missing — add ${hint ?? "it"}`;
}

/**
 * Refuses arrays where an object is expected: valibot's object schemas accept an array (as an
 * object keyed "0", "1"…), JSON Schema's `"type": "object"` does not. It goes first in a pipe, in
 * front of the object schema, which `schema.json` is generated from.
 */
function notAnArray(what: string) {
  return v.custom<unknown>((input) => !Array.isArray(input), `must be ${what}: an object, not an array`);
}

function strict<const Entries extends v.ObjectEntries>(what: string, entries: Entries) {
  const known = Object.keys(entries);
  const object = v.strictObject(entries, (issue: Issue) => {
    const missing = missingField(issue);
    if (missing !== undefined) return missing;
    if (issue.expected === "never") {
      const key = typeof issue.input === "string" ? issue.input : String(issue.input);
      const forbidden = FORBIDDEN_KEYS.has(key) ? " and is never allowed (prototype pollution)" : didYouMean(key, known);
      return `${JSON.stringify(key)} is not a field of ${what}${forbidden}; the fields are ${listNames(known, "and")}`;
    }
    return issue.input === undefined ? `is missing — add ${what}` : `must be ${what} (got ${describeValue(issue.input)})`;
  });
  return v.pipe(notAnArray(what), object);
}

/** `schema` with a description, which `schema.json` shows in editors. */
function doc<const Schema extends v.GenericSchema>(schema: Schema, description: string) {
  return v.pipe(schema, v.description(description));
}

const DESCRIPTION = "For people; the engine ignores it.";

function text(limit: number, what: string) {
  return v.pipe(v.string(expect(what)), maxLength(limit, what));
}

const Id = (what: string) =>
  v.pipe(
    v.string(expect(`${/^[aeiou]/.test(what) ? "an" : "a"} ${what} id string`)),
    v.minLength(1, `must not be empty — give the ${what} an id such as "checkout-redesign"`),
    maxLength(LIMITS.idLength, "the id"),
    pattern(ID_PATTERN, `an id of letters, digits, "_", "." and "-" (not starting with "." or "-"), e.g. "checkout-redesign"`),
  );

const ParamName = v.pipe(
  v.string(expect("a parameter name")),
  maxLength(LIMITS.idLength, "the parameter name"),
  pattern(PARAM_PATTERN, `a parameter name: a letter or "_", then letters, digits, "_", "." or "-", e.g. "button_color"`),
);

const UnitName = v.pipe(
  v.string(expect("a unit type name")),
  maxLength(LIMITS.idLength, "the unit name"),
  pattern(UNIT_PATTERN, `a unit type name of letters, digits and "_" such as "userId" ("random" and "@day" are diversions an experiment picks, not unit types)`),
);

const Salt = v.pipe(
  v.string(expect("a salt string")),
  v.minLength(1, "must not be empty — leave the salt out to use the id"),
  maxLength(LIMITS.idLength, "the salt"),
  pattern(SALT_PATTERN, `a salt without ":" (the hash key is unit + ":" + salt)`),
);

const Timestamp = v.pipe(
  v.string(expect("a timestamp such as \"2025-03-01T00:00:00Z\"")),
  pattern(
    TIMESTAMP_PATTERN,
    `a timestamp with a time zone such as "2025-03-01T09:00:00Z" or "2025-03-01T10:00:00+01:00", so every server reads the same instant`,
  ),
);

/** A parameter value: any JSON value without forbidden keys. */
export const ParamValueSchema = v.custom<ParamValue>(
  (value) => isJsonValue(value),
  (issue: Issue) =>
    issue.input === undefined
      ? "is missing — give the parameter a default value"
      : `must be a JSON value without "__proto__", "constructor" or "prototype" keys and with keys and strings of at most ${LIMITS.stringLength} characters`,
);
jsonSchemaOverrides.set(ParamValueSchema, { $ref: "#/definitions/jsonValue" });

const KEYS_MESSAGE = `must not use object keys longer than ${LIMITS.stringLength} characters or the keys "__proto__", "constructor" or "prototype"`;

/** The keys `validate` allows anywhere in a document, as JSON Schema `propertyNames`. */
export const ALLOWED_KEY_JSON_SCHEMA = Object.freeze({ maxLength: LIMITS.stringLength, not: { enum: [...FORBIDDEN_KEYS] } });

/** The value of a segmenter option: any JSON value with allowed object keys (the segmenter's own schema checks the rest). */
const SegmenterOptionSchema = v.custom<unknown>((value) => hasAllowedKeys(value), KEYS_MESSAGE);
jsonSchemaOverrides.set(SegmenterOptionSchema, { $ref: "#/definitions/segmenterOption" });

/** A segmenter's own option names are not forbidden keys (checked in front: the object schema drops "__proto__"). */
const segmenterForbiddenKeys = v.custom<unknown>(
  (input) => !isObjectLike(input) || !Object.keys(input).some((name) => FORBIDDEN_KEYS.has(name)),
  `must not contain the keys "__proto__", "constructor" or "prototype" (they can pollute JavaScript prototypes)`,
);

/** A segmenter's own option names have at most `LIMITS.stringLength` characters (`propertyNames` in schema.json says both). */
const segmenterKeyLengths = v.check<{ type: string } & { [key: string]: unknown }, string>((input) => Object.keys(input).every(isAllowedKey), KEYS_MESSAGE);
jsonSchemaOverrides.set(segmenterKeyLengths, { propertyNames: ALLOWED_KEY_JSON_SCHEMA });

/** A targeting condition (its detailed problems are reported by `checkCondition`). */
export const ConditionSchema = v.custom<Condition>(
  (value) => isConditionShape(value),
  `must be a condition such as { "country": { "$in": ["DE", "FR"] } } (run checkCondition for details)`,
);
jsonSchemaOverrides.set(ConditionSchema, { $ref: "#/definitions/condition" });

/** The params a group overrides. */
const GroupParams = record(ParamName, ParamValueSchema, `an object of parameter overrides such as { "button_color": "green" }`);

/**
 * A record (an object of name → value). valibot's `record` accepts arrays and skips
 * `__proto__`-like keys silently, so a guard in front refuses both (the JSON Schema's `type` and
 * `propertyNames` pattern say the same).
 */
function record<const Key extends v.GenericSchema<string, string>, const Value extends v.GenericSchema>(key: Key, value: Value, expected: string) {
  const guard = v.custom<Record<string, unknown>>(
    (input) => isObjectLike(input) && !Object.keys(input).some((name) => FORBIDDEN_KEYS.has(name)),
    (issue: Issue) =>
      isObjectLike(issue.input)
        ? `must not contain the keys "__proto__", "constructor" or "prototype" (they can pollute JavaScript prototypes)`
        : expect(expected)(issue),
  );
  return v.pipe(guard, v.record(key, value, expect(expected)));
}

function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One group (arm) of an experiment. */
export const GroupSchema = strict("a group ({ \"id\", \"params\"? })", {
  id: doc(Id("group"), "The group id, unique within the experiment."),
  description: v.optional(doc(text(LIMITS.stringLength, "a description string"), DESCRIPTION)),
  params: v.optional(doc(GroupParams, "Parameter overrides; only parameters of the experiment's layer.")),
});

/** An experiment's optional start and end. */
export const ScheduleSchema = strict("a schedule ({ \"start\"?, \"end\"? })", {
  start: v.optional(doc(Timestamp, "The first instant the experiment takes units (RFC 3339 with a time zone).")),
  end: v.optional(doc(Timestamp, "The instant from which it takes no more units; after start.")),
});

const SEGMENTER_EXAMPLE = `a segmenter such as { "type": "percentage", "groups": [{ "id": "control", "weight": 50 }, { "id": "treatment", "weight": "rest" }] }`;

/** A segmenter reference: `type` plus that segmenter's own options (checked by its schema). */
export const SegmenterSchema = v.pipe(
  notAnArray(SEGMENTER_EXAMPLE),
  segmenterForbiddenKeys,
  v.objectWithRest(
    {
      type: v.pipe(
        v.string(expect(`the segmenter type, e.g. "percentage"`)),
        maxLength(LIMITS.idLength, "the segmenter type"),
        pattern(SEGMENTER_TYPE_PATTERN, `a segmenter type name such as "percentage"`),
        v.description("The registered segmenter type: percentage, fixed, rollout, feedback or a third-party one."),
      ),
    },
    SegmenterOptionSchema,
    (issue: Issue) => missingField(issue) ?? expect(SEGMENTER_EXAMPLE)(issue),
  ),
  segmenterKeyLengths,
);

/** An experiment in a layer slot. */
export const ExperimentSchema = strict("an experiment", {
  id: doc(Id("experiment"), "The experiment id, unique among domains, layers and experiments."),
  description: v.optional(doc(text(LIMITS.stringLength, "a description string"), DESCRIPTION)),
  salt: v.optional(doc(Salt, "The salt of the experiment's own hash (default: its id). No two layers or experiments may share a salt.")),
  unit: v.optional(
    v.pipe(
      v.string(expect("a unit type")),
      maxLength(LIMITS.idLength, "the unit"),
      pattern(DIVERSION_PATTERN, `a unit type from "units", that unit with "@day" (e.g. "cookieId@day"), or "random"`),
      v.description('Diversion: a unit type from "units", "<unit>@day" (unit plus UTC date) or "random" (per request); default: the first unit.'),
    ),
  ),
  status: doc(
    v.picklist(EXPERIMENT_STATUSES, (issue: Issue) =>
      issue.input === undefined
        ? `is missing — add a status: ${listNames(EXPERIMENT_STATUSES)}`
        : `must be one of ${listNames(EXPERIMENT_STATUSES)} (got ${describeValue(issue.input)})${typeof issue.input === "string" ? didYouMean(issue.input, EXPERIMENT_STATUSES) : ""}`,
    ),
    "Only running experiments take units.",
  ),
  schedule: v.optional(ScheduleSchema),
  conditions: v.optional(ConditionSchema),
  groups: v.pipe(
    v.array(GroupSchema, expect(`a list of groups such as [{ "id": "control" }, { "id": "treatment", "params": { … } }]`)),
    v.minLength(1, `must list at least one group, e.g. [{ "id": "control" }]`),
    maxItems(LIMITS.groupsPerExperiment, "the group list"),
    v.description("The groups (arms) and the parameters each overrides."),
  ),
  segmenter: SegmenterSchema,
  forced: v.optional(
    record(
      Id("group"),
      v.pipe(
        v.array(
          v.pipe(v.string(expect("a unit id string")), v.minLength(1, "must not be empty"), maxLength(LIMITS.stringLength, "the unit id")),
          expect(`a list of unit ids such as ["qa-alice"]`),
        ),
        maxItems(LIMITS.forcedUnits, "the list of forced units"),
      ),
      `an object of group ids to unit ids such as { "treatment": ["qa-alice"] }`,
    ),
  ),
  sticky: v.optional(doc(v.boolean(expect("true or false")), "Keep each unit's first group in the assignment store.")),
  stoppedAt: v.optional(doc(Timestamp, "When the experiment was stopped; its buckets stay reserved for a cool-down after it.")),
});

const Bucket = (what: string) =>
  v.pipe(
    v.number(expect(`a whole bucket number (${what})`)),
    v.integer(expect(`a whole bucket number (${what})`)),
    v.minValue(0, expect(`a bucket number from 0 (${what})`)),
    v.maxValue(LIMITS.buckets, expect(`a bucket number up to ${LIMITS.buckets} (${what})`)),
  );

/** A half-open bucket range `[start, end)`. */
export const BucketRangeSchema = v.strictTuple(
  [Bucket("the first bucket"), Bucket("the bucket after the last")],
  expect(`a range [start, end) such as [0, 100]`),
);

/** A slot: ranges holding exactly one of an experiment or a nested domain. */
export const SlotSchema: v.GenericSchema = v.pipe(
  strict("a slot ({ \"ranges\", \"experiment\" or \"domain\" })", {
    ranges: v.pipe(
      v.array(BucketRangeSchema, expect(`a list of ranges such as [[0, 100]] (use [] for no buckets yet)`)),
      maxItems(LIMITS.rangesPerSlot, "the range list"),
      v.description("Half-open bucket ranges [start, end) of the layer, oldest first; [] for none yet."),
    ),
    experiment: v.optional(ExperimentSchema),
    domain: v.optional(v.lazy(() => DomainSchema)),
  }),
  slotHoldsOne(),
);

function slotHoldsOne<T extends { experiment?: unknown; domain?: unknown }>() {
  const check = v.check<T, (issue: Issue) => string>(
    (slot) => (slot.experiment === undefined) !== (slot.domain === undefined),
    (issue: Issue) => {
      const slot = issue.input as { experiment?: unknown };
      return slot.experiment === undefined
        ? `a slot must hold an "experiment" or a "domain" — add one, or remove the slot`
        : `a slot holds either an "experiment" or a "domain", not both — move one of them into a slot of its own`;
    },
  );
  jsonSchemaOverrides.set(check, { oneOf: [{ required: ["experiment"] }, { required: ["domain"] }] });
  return check;
}

/** A layer: parameters it owns and a bucket space divided into slots. */
export const LayerSchema = strict("a layer", {
  id: doc(Id("layer"), "The layer id, unique among domains, layers and experiments."),
  description: v.optional(doc(text(LIMITS.stringLength, "a description string"), DESCRIPTION)),
  salt: v.optional(doc(Salt, "The salt of the layer's bucket hash (default: its id). No two layers or experiments may share a salt.")),
  launch: v.optional(doc(v.boolean(expect("true or false")), "A launch layer covers all traffic of its domain; its experiments set alternative defaults.")),
  buckets: v.optional(
    v.pipe(
      v.number(expect(`a whole number of buckets (default ${DEFAULT_BUCKETS})`)),
      v.integer(expect(`a whole number of buckets (default ${DEFAULT_BUCKETS})`)),
      v.minValue(1, expect("at least 1 bucket")),
      v.maxValue(LIMITS.buckets, expect(`at most ${LIMITS.buckets} buckets`)),
      v.description(
        `The size of the layer's bucket space (default ${DEFAULT_BUCKETS}); traffic moves in steps of one bucket. All layers together have at most ${LIMITS.totalBuckets} buckets (checked by strata validate).`,
      ),
    ),
  ),
  params: v.pipe(
    v.array(ParamName, expect(`the list of parameters the layer owns, e.g. ["button_color"]`)),
    maxItems(LIMITS.params, "the parameter list"),
    v.description("The parameters this layer owns (in a nested domain: only parameters of the layer holding it). A unit reaches at most one launch layer owning a parameter, and the experiments of at most one normal layer owning it."),
  ),
  slots: v.pipe(
    v.array(SlotSchema, expect(`a list of slots (use [] for none yet)`)),
    maxItems(LIMITS.slotsPerLayer, "the slot list"),
    v.description("Disjoint bucket ranges, each holding an experiment or a nested domain."),
  ),
});

/** A domain: a segment of traffic holding layers (none: a holdout). */
export const DomainSchema: v.GenericSchema = strict("a domain ({ \"id\", \"layers\" })", {
  id: doc(Id("domain"), "The domain id, unique among domains, layers and experiments."),
  description: v.optional(doc(text(LIMITS.stringLength, "a description string"), DESCRIPTION)),
  layers: v.pipe(
    v.array(LayerSchema, expect(`a list of layers (use [] for a holdout)`)),
    maxItems(LIMITS.layersPerDomain, "the layer list"),
    v.description("The layers of this domain, launch layers included; none makes the domain a holdout."),
  ),
});

/** The whole config document's shape. */
export const StrataConfigSchema = strict("a Strata config", {
  $schema: v.optional(doc(text(LIMITS.stringLength, "the URL or path of the JSON Schema"), "This file's JSON Schema, e.g. ./node_modules/@strata/config/schema.json.")),
  version: doc(v.literal(1, expect("the config format version 1")), "The config format version."),
  units: v.pipe(
    v.array(UnitName, expect(`the unit types in priority order, e.g. ["userId", "cookieId"]`)),
    v.minLength(1, `must list at least one unit type, e.g. ["userId"]`),
    maxItems(LIMITS.units, "the unit list"),
    v.description("Unit types in diversion priority order, e.g. [\"userId\", \"cookieId\"]."),
  ),
  params: v.pipe(
    record(ParamName, ParamValueSchema, `an object of every parameter and its default, e.g. { "button_color": "blue" }`),
    v.maxEntries(LIMITS.params, `has more than ${LIMITS.params} parameters`),
    v.description("Every parameter with its default value."),
  ),
  domain: DomainSchema,
});

/** The valibot schemas that become named definitions in `schema.json`. */
export const schemaDefinitions = {
  domain: DomainSchema,
  layer: LayerSchema,
  slot: SlotSchema,
  experiment: ExperimentSchema,
  group: GroupSchema,
  segmenter: SegmenterSchema,
  schedule: ScheduleSchema,
  bucketRange: BucketRangeSchema,
} as const;
