import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validate, walkConfig, type StrataConfig } from "@strata/config";
import { describe, expect, it } from "vitest";
import { attributeSpread } from "../../src/attributes.ts";
import { createProgress } from "../../src/progress.ts";
import { renderReport } from "../../src/report/page.ts";
import { syntheticPopulation } from "../../src/simulation/population.ts";
import { runSimulation } from "../../src/simulation/run.ts";
import { CLI_ROOT, SHOP } from "../support/cli.ts";

const quiet = createProgress({ write: () => true }, { label: "" });

async function report(path: string, units = 3000): Promise<{ html: string; config: StrataConfig }> {
  const config = validate(JSON.parse(readFileSync(path, "utf8"))).config as StrataConfig;
  const population = syntheticPopulation(units, config.units, "sim", attributeSpread([]));
  const { model, result } = await runSimulation({ config, name: "test.json", population, progress: quiet });
  return { html: renderReport({ model, result }), config };
}

/** The markup of the `<g>` that carries `attribute="value"`, up to its closing tag. */
function group(html: string, attribute: string, value: string): string | undefined {
  const start = html.indexOf(`${attribute}="${value}"`);
  if (start < 0) return undefined;
  let depth = 0;
  const pattern = /<g[\s>]|<\/g>/g;
  pattern.lastIndex = html.lastIndexOf("<g", start);
  for (let match = pattern.exec(html); match !== null; match = pattern.exec(html)) {
    depth += match[0] === "</g>" ? -1 : 1;
    if (depth === 0) return html.slice(start, match.index);
  }
  return undefined;
}

describe.each([
  ["the example shop config", SHOP],
  ["a crowded config (tiny slots, split ranges, paused and draft experiments, three nested domains)", join(CLI_ROOT, "test/fixtures/busy.json")],
  ["a config with an experiment waiting for buckets", join(CLI_ROOT, "test/fixtures/shop-pending.json")],
])("the HTML report of %s", (_, path) => {
  it("draws every layer and every experiment, each labelled with its id", async () => {
    const { html, config } = await report(path);
    walkConfig(config, {
      layer: ({ layer }) => expect(group(html, "data-layer", layer.id), layer.id).toContain(`>${layer.id}<`),
      experiment: ({ experiment }) => {
        const drawn = group(html, "data-experiment", experiment.id);
        expect(drawn, experiment.id).toBeDefined();
        expect(drawn).toMatch(new RegExp(`>${experiment.id}( \\(\\w+\\))?( · [^<]+)?<`));
      },
      domain: ({ domain, depth }) => {
        if (depth > 0 && domain.layers.length > 0) expect(html).toContain(`data-domain="${domain.id}"`);
        if (domain.layers.length === 0) expect(html).toContain(`data-holdout="${domain.id}"`);
      },
    });
  });

  it("is self-contained: no scripts, no external resources, a policy that forbids requests", async () => {
    const { html } = await report(path, 500);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|https?:\/\//i);
    expect(html.match(/url\((?!#)/g)).toBeNull();
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });
});
