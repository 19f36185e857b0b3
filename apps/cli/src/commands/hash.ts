/**
 * `strata hash --scheme <name> --unit <id> --salt <s> [--buckets N]`: one bucket, for checking
 * an assignment by hand or against another implementation.
 * @module
 */
import { bucket, hash32, namedSchemes } from "@strata/hash";
import { wholeNumber } from "../args.ts";
import { EXIT, UsageError } from "../errors.ts";
import { writeLine } from "../output.ts";
import type { Command } from "./command.ts";

/** The `hash` command. */
export const hashCommand: Command = {
  spec: {
    name: "hash",
    summary: "the bucket of a unit and salt under a hash scheme",
    usage: ["hash --scheme <name> --unit <id> --salt <s> [--buckets N] [--json]"],
    description:
      `Schemes: ${Object.keys(namedSchemes).join(", ")}. strata/v1 is MurmurHash3 x86 32-bit of the UTF-8 of\n` +
      '"<unit>:<salt>", seed 0, modulo the bucket count. Layers use 1000 buckets, segmenters 10000.\n' +
      "Prints the bucket; --json adds the 32-bit hash.",
    positionals: [],
    options: {
      scheme: { type: "string", value: "<name>", description: "the hash scheme (default strata/v1)" },
      unit: { type: "string", value: "<id>", description: "the unit id" },
      salt: { type: "string", value: "<s>", description: "the salt: a layer's or experiment's salt (its id unless set), or a compat segmenter's key" },
      buckets: { type: "string", value: "<N>", description: "the bucket count (default: the scheme's, 1000 for strata/v1)" },
      json: { type: "boolean", description: "print { scheme, unit, salt, buckets, hash, bucket } as JSON" },
    },
    examples: ["hash --scheme strata/v1 --unit u-42 --salt color", "hash --scheme md5-prefix --unit u-42 --salt exp --buckets 100"],
    exitCodes: ["0  printed the bucket", "2  usage error: unknown scheme, missing option, empty --unit or --salt, bad bucket count"],
  },
  async run(args, io) {
    const scheme = args.string("scheme") ?? "strata/v1";
    const definition = Object.hasOwn(namedSchemes, scheme) ? namedSchemes[scheme] : undefined;
    if (definition === undefined) throw new UsageError(`unknown --scheme ${JSON.stringify(scheme)}; the schemes are ${Object.keys(namedSchemes).join(", ")}`, "hash");
    const unit = args.required("unit", "the unit id to hash, e.g. --unit u-42");
    if (unit === "") throw new UsageError("--unit needs a unit id, e.g. --unit u-42 (got an empty string, which the engine treats as no unit)", "hash");
    const salt = args.required("salt", "the salt, e.g. the layer id: --salt color");
    if (salt === "") throw new UsageError("--salt needs a salt, e.g. the layer id: --salt color (got an empty string)", "hash");
    const buckets = args.has("buckets") ? wholeNumber(args.string("buckets") as string, "buckets", "hash", 1, 0xffffffff) : (definition.buckets ?? 1000);
    const result = bucket(unit, salt, buckets, scheme);
    if (args.flag("json")) writeLine(io.stdout, JSON.stringify({ scheme, unit, salt, buckets, hash: hash32(unit, salt, scheme), bucket: result }, null, 2));
    else writeLine(io.stdout, String(result));
    return EXIT.ok;
  },
};
