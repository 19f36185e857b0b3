import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import * as strataConfig from "@strata/config";
import { describe, expect, it } from "vitest";
import { parseCommandLine } from "../../src/args.ts";
import { COMMANDS } from "../../src/commands/index.ts";
import { mainHelp, commandHelp } from "../../src/help.ts";
import { main } from "../../src/main.ts";
import type { Io } from "../../src/output.ts";
import { CLI_ROOT, REPO_ROOT } from "../support/cli.ts";

/** The example config plus "button-shape", a running experiment with no buckets. */
const PENDING = join(CLI_ROOT, "test/fixtures/shop-pending.json");

/** Runs `strata …args` in process with `input` on stdin; resolves to everything it printed. */
async function run(args: readonly string[], input = ""): Promise<string> {
  let text = "";
  const io: Io = {
    stdout: { write: (chunk: string) => ((text += chunk), true) },
    stderr: { write: (chunk: string) => ((text += chunk), true) },
    stdin: Readable.from([input]),
    cwd: REPO_ROOT,
    env: {},
  };
  await main(args, io);
  return text;
}

const PLACEHOLDER_VALUES: Readonly<Record<string, string>> = { "<config>": "config.json", "<file>": "file.json" };

/**
 * Every `strata <command> …` in `text`: the command must exist, and the arguments written after it
 * (placeholders, options and their values, file names) must parse as that command's command line.
 * Returns the mentions, so a test can check it looked at something.
 */
function checkCommandMentions(text: string): string[] {
  const mentions: string[] = [];
  for (const match of text.matchAll(/\bstrata ([a-z]+(?: \/ [a-z]+)*)((?:[ \t]+\S+)*)/g)) {
    const names = match[1]!.split(" / ");
    for (const name of names) expect(COMMANDS.map((command) => command.spec.name), `"${match[0].slice(0, 80)}" names a command`).toContain(name);
    const command = COMMANDS.find((candidate) => candidate.spec.name === names[0])!;
    const argv: string[] = [];
    let expectValue = false;
    for (const raw of (match[2] ?? "").trim().split(/\s+/)) {
      const token = raw.replace(/^[[`(]+/, "").replace(/[\]`),;:.]+$|\.\.\.$/g, "").replace(/\]$/, "");
      const ended = token !== raw.replace(/^[[`(]+/, "") && /[),;:`]/.test(raw);
      if (expectValue) {
        argv.push(PLACEHOLDER_VALUES[token] ?? token);
        expectValue = false;
      } else if (token.startsWith("--")) {
        const option = command.spec.options[token.slice(2)];
        argv.push(token);
        expectValue = option?.type === "string";
      } else if (/^<[^>]+>$/.test(token) || /\.(json|html)$/.test(token) || token === "-") {
        argv.push(PLACEHOLDER_VALUES[token] ?? token);
      } else break;
      if (ended) break;
    }
    mentions.push(`strata ${names[0]} ${argv.join(" ")}`.trim());
    if (argv.length > 0) expect(() => parseCommandLine(command.spec, argv), `"${match[0].slice(0, 120)}" is a valid command line`).not.toThrow();
  }
  return mentions;
}

/** Every function `name()` that `text` names must be exported by @strata/config (the only library the CLI's advice refers to). */
function checkFunctionMentions(text: string): string[] {
  const names = [...text.matchAll(/\b([a-zA-Z]+)\(\)/g)].map((match) => match[1]!);
  for (const name of names) expect(typeof (strataConfig as Record<string, unknown>)[name], `${name}() is exported by @strata/config`).toBe("function");
  return names;
}

describe("advice names only commands, flags and functions that exist", () => {
  it("lint's stopped-holds-buckets and no-buckets warnings", async () => {
    const config = JSON.parse(readFileSync(PENDING, "utf8"));
    const color = config.domain.layers[0].slots[2].domain.layers[1].slots[0].experiment;
    color.status = "stopped";
    color.stoppedAt = "2025-01-01T00:00:00Z";
    const output = await run(["lint", "-"], JSON.stringify(config));
    expect(output).toContain("[stopped-holds-buckets]");
    expect(output).toContain("[no-buckets]");
    expect(output).toContain(
      'the running experiment "button-shape" has no buckets, so only forced units reach it (its "forced" allow-list, or a request that forces one of its groups) — give it traffic (strata allocate <config> --experiment button-shape --traffic <percent>, or allocate() of @strata/config)',
    );
    expect(output).toContain('free them with release() of @strata/config or by setting these "ranges" to []');
    expect(checkCommandMentions(output)).toEqual(["strata allocate config.json --experiment button-shape --traffic <percent>"]);
    expect(checkFunctionMentions(output).sort()).toEqual(["allocate", "release"]);
  });

  it("strata allocate's errors, where @strata/config's message names resize or release", async () => {
    const allocated = await run(["allocate", PENDING, "--experiment", "button-color", "--traffic", "10"]);
    expect(allocated).toContain("strata allocate: cannot allocate: experiment \"button-color\" already has 500 buckets");
    expect(allocated).toContain("to change its traffic, call resize() of @strata/config (the CLI has no command for it");
    const full = await run(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "60"]);
    expect(full).toContain("to make room, shrink experiments with resize() or free stopped ones with release() of @strata/config");
    const unknown = await run(["allocate", PENDING, "--experiment", "nope", "--traffic", "5"]);
    expect(unknown).toContain('strata allocate takes the id of an experiment in the config: add it to a layer\'s slots with "ranges": [] first');
    const unowned = await run(["allocate", PENDING, "--experiment", "button-shape", "--traffic", "10", "--layer", "checkout-layer"]);
    expect(unowned).toContain("name a layer that can hold it with --layer, or leave out --layer");
    expect(unowned).not.toContain("to make room");
    for (const output of [allocated, full, unknown, unowned]) {
      checkCommandMentions(output);
      // Whenever the library's message names its resize or release, the CLI says where they are.
      if (/\b(resize|release)\b(?!\(\))/.test(output)) expect(output).toMatch(/(resize|release)\(\) of @strata\/config/);
    }
    expect(checkFunctionMentions(allocated + full + unknown)).toEqual(["resize", "resize", "resize", "release", "allocate", "allocate"]);
  });

  it("the help texts and the README", () => {
    const texts = [mainHelp(COMMANDS.map((command) => command.spec), "0.0.0"), ...COMMANDS.map((command) => commandHelp(command.spec)), readFileSync(join(CLI_ROOT, "README.md"), "utf8")];
    const mentions = texts.flatMap(checkCommandMentions);
    expect(mentions).toContain("strata allocate apps/cli/test/fixtures/shop-pending.json --experiment button-shape --traffic 20");
    expect(new Set(mentions.map((mention) => mention.split(" ")[1])).size).toBe(COMMANDS.length);
  });

  it("the checker refuses the advice the CLI used to give", () => {
    expect(() => checkCommandMentions("give it traffic (strata allocate --experiment x --traffic <percent>)")).toThrow(/valid command line/);
    expect(() => checkCommandMentions("release them once the cool-down has passed (strata allocate / release), so")).toThrow(/names a command/);
    expect(() => checkCommandMentions("strata resize <config> --experiment x")).toThrow(/names a command/);
    expect(() => checkFunctionMentions("call shrink() of @strata/config")).toThrow(/exported/);
  });
});

describe("help examples", () => {
  it("prefix strata to a command's own invocations, not to a pipeline that runs it", () => {
    const assign = commandHelp(COMMANDS.find((command) => command.spec.name === "assign")!.spec);
    expect(assign).toContain("\n  strata assign shop.json --unit u-42 --json\n");
    expect(assign).toContain("\n  seq 1 1000000 | strata assign shop.json --units - --format tsv | cut -f3,4 | sort | uniq -c\n");
    expect(assign).not.toContain("strata seq");
  });
});
