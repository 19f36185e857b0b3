import { describe, expect, it } from "vitest";
import { parseCommandLine, wholeNumber, type CommandSpec } from "../../src/args.ts";
import { UsageError } from "../../src/errors.ts";

const spec: CommandSpec = {
  name: "assign",
  summary: "test",
  usage: ["assign <config>"],
  positionals: [{ name: "config", description: "the config JSON file" }],
  options: {
    unit: { type: "string", value: "<id>", description: "one unit" },
    units: { type: "string", value: "<file>", description: "many" },
    attr: { type: "string", multiple: true, description: "attribute" },
    json: { type: "boolean", description: "json" },
  },
  exitCodes: [],
};

function usage(argv: string[]): string {
  try {
    parseCommandLine(spec, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("parseCommandLine", () => {
  it("reads positionals, strings, flags and repeated options", () => {
    const args = parseCommandLine(spec, ["shop.json", "--unit", "u-1", "--attr", "a=1", "--attr=b=2", "--json"]);
    expect(args.positionals).toEqual(["shop.json"]);
    expect(args.string("unit")).toBe("u-1");
    expect(args.list("attr")).toEqual(["a=1", "b=2"]);
    expect(args.flag("json")).toBe(true);
    expect(args.has("units")).toBe(false);
  });

  it("accepts - as a value (stdin)", () => {
    expect(parseCommandLine(spec, ["c.json", "--units", "-"]).string("units")).toBe("-");
  });

  it("names an unknown option and suggests the closest", () => {
    expect(usage(["c.json", "--unti", "x"])).toBe('unknown option --unti for "strata assign" — did you mean --unit?');
  });

  it("says what a missing value looks like", () => {
    expect(usage(["c.json", "--unit"])).toBe("--unit needs a value, e.g. --unit <id>");
  });

  it("rejects an option given twice", () => {
    expect(usage(["c.json", "--unit", "a", "--unit", "b"])).toBe("--unit was given twice; give it once");
  });

  it("names a missing positional and rejects extra ones", () => {
    expect(usage([])).toBe("missing <config>: the config JSON file");
    expect(usage(["a.json", "b.json"])).toBe('unexpected argument "b.json"');
  });

  it("lets --help through without the positionals", () => {
    expect(parseCommandLine(spec, ["--help"]).flag("help")).toBe(true);
  });
});

describe("wholeNumber", () => {
  it("reads 20000, 1_000_000 and 20,000", () => {
    expect(wholeNumber("20000", "units", "simulate", 1, 1e9)).toBe(20000);
    expect(wholeNumber("1_000_000", "units", "simulate", 1, 1e9)).toBe(1_000_000);
    expect(wholeNumber("20,000", "units", "simulate", 1, 1e9)).toBe(20000);
  });

  it("rejects what is not a whole number in range, naming the option", () => {
    expect(() => wholeNumber("0", "units", "simulate", 1, 10)).toThrow("--units must be a whole number from 1 to 10 (got \"0\")");
    expect(() => wholeNumber("1.5", "buckets", "hash", 1, 10)).toThrow("--buckets");
  });

  it("refuses separators that do not group digits in threes, naming the option and the expected form", () => {
    for (const text of ["1,0,0", "10,00", "1__000", "1_0", ",100", "100,", "1,000_000"]) {
      expect(() => wholeNumber(text, "units", "simulate", 1, 1e9), text).toThrow(
        `--units must be a whole number written as digits, optionally grouped in threes by "," or "_" (e.g. 20000, 20,000 or 20_000), from 1 to 1,000,000,000 (got ${JSON.stringify(text)})`,
      );
    }
    expect(wholeNumber("100", "units", "simulate", 1, 1e9)).toBe(100);
    expect(wholeNumber("1,234,567", "units", "simulate", 1, 1e9)).toBe(1_234_567);
  });
});
