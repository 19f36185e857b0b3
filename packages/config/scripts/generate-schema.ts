/// <reference types="node" />
/**
 * Generates `schema.json` from the valibot schema in `src/schema.ts` plus the condition
 * grammar of `src/conditions/json-schema.ts`. Run `pnpm run schema` in packages/config after
 * changing either; a test fails while the committed file differs from what this produces.
 * @module
 */
import { toJsonSchema, type JsonSchema } from "@valibot/to-json-schema";
import { conditionDefinitions } from "../src/conditions/json-schema.ts";
import { LIMITS } from "../src/limits.ts";
import { ALLOWED_KEY_JSON_SCHEMA, jsonSchemaOverrides, schemaDefinitions, StrataConfigSchema } from "../src/schema.ts";

/** The JSON Schema (draft-07) of a Strata config document. */
export function generateSchema(): Record<string, unknown> {
  const generated = toJsonSchema(StrataConfigSchema, {
    target: "draft-07",
    errorMode: "throw",
    // Records are guarded by a custom schema in front (see src/schema.ts): convert what follows it.
    typeMode: "output",
    definitions: schemaDefinitions,
    overrideSchema: ({ valibotSchema }) => jsonSchemaOverrides.get(valibotSchema) as JsonSchema | undefined,
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const extra = jsonSchemaOverrides.get(valibotAction);
      return extra === undefined ? undefined : ({ ...jsonSchema, ...extra } as JsonSchema);
    },
  }) as Record<string, unknown>;
  // draft-07 keeps definitions under "definitions"; the converter writes "$defs".
  const { $schema, $defs, ...root } = renameDefs(generated) as Record<string, unknown>;
  return {
    $schema,
    title: "Strata config",
    description:
      "A Strata experiment-assignment config: units, parameters with defaults, and the root domain of layers, slots, experiments and nested domains. Validate it with `strata validate`, which also checks the rules JSON Schema cannot express (unique ids, overlapping slots, parameter ownership, shared salts, regex safety).",
    ...root,
    definitions: {
      ...($defs as Record<string, unknown>),
      ...conditionDefinitions(),
      jsonValue: {
        description: `Any JSON value; strings and object keys have at most ${LIMITS.stringLength} characters, and objects may not use the keys __proto__, constructor or prototype.`,
        type: ["string", "number", "boolean", "null", "array", "object"],
        maxLength: LIMITS.stringLength,
        propertyNames: ALLOWED_KEY_JSON_SCHEMA,
        additionalProperties: { $ref: "#/definitions/jsonValue" },
        items: { $ref: "#/definitions/jsonValue" },
      },
      segmenterOption: {
        description: `A segmenter option: any JSON value whose object keys have at most ${LIMITS.stringLength} characters and are not __proto__, constructor or prototype (the segmenter checks the rest).`,
        type: ["string", "number", "boolean", "null", "array", "object"],
        propertyNames: ALLOWED_KEY_JSON_SCHEMA,
        additionalProperties: { $ref: "#/definitions/segmenterOption" },
        items: { $ref: "#/definitions/segmenterOption" },
      },
    },
  };
}

/** A copy of `value` with every `#/$defs/` reference pointing at `#/definitions/`. */
function renameDefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renameDefs);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      key === "$ref" && typeof item === "string" ? item.replace("#/$defs/", "#/definitions/") : renameDefs(item),
    ]),
  );
}

/** The text of `schema.json`: two-space JSON and a final newline. */
export function schemaText(): string {
  return `${JSON.stringify(generateSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { writeFileSync } = await import("node:fs");
  const target = new URL("../schema.json", import.meta.url);
  writeFileSync(target, schemaText());
  console.log(`wrote ${target.pathname}`);
}
