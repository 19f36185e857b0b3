/** The README's walkthrough as code: the broken config, the validation, lint and allocation outputs. */
import { allocate, AllocationError, formatChange, formatProblem, lint, release, resize, validate } from "../src/index.ts";
import { shop } from "./fixtures.ts";

/** The broken config of the README: five mistakes made by hand. */
export function brokenShop(): any {
  const config = shop();
  const main = config.domain.layers[0].slots[2].domain;
  main.layers[1].slots[0].experiment.status = "runing";
  main.layers[1].slots[0].experiment.groups[1].params.button_size = "large";
  main.layers[2].slots[0].experiment.salt = "color";
  main.layers[2].slots[0].experiment.conditions.userAgent = { $regex: "^(\\w+\\s?)*$" };
  main.layers[3].slots[1].ranges = [[250, 600]];
  return config;
}

function waitingShade(): any {
  const config = shop();
  config.domain.layers[0].slots[2].domain.layers[1].slots.push({
    ranges: [],
    experiment: {
      id: "button-shade",
      status: "draft",
      groups: [{ id: "control" }, { id: "navy", params: { button_color: "navy" } }],
      segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "navy", weight: "rest" }] },
    },
  });
  return config;
}

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof AllocationError) return error.message;
    throw error;
  }
  throw new Error("expected an AllocationError");
}

/** Every output block of the walkthrough, in order. */
export function walkthrough(): string[] {
  const out: string[] = [];
  out.push(...validate(brokenShop()).errors.map(formatProblem));
  out.push(...lint(shop()).warnings.map(formatProblem));
  const allocated = allocate(waitingShade(), { experiment: "button-shade", traffic: 10 });
  out.push(...allocated.diff.map(formatChange));
  const grown = resize(allocated.config, { experiment: "button-shade", traffic: 25 });
  out.push(...grown.diff.map(formatChange));
  out.push(...message(() => resize(grown.config, { experiment: "button-shade", traffic: 60 })).split("\n"));
  const stopped = release(grown.config, { experiment: "button-color", cooldown: "14d", now: "2025-06-01T00:00:00Z" });
  out.push(...stopped.diff.map(formatChange));
  out.push(...message(() => release(stopped.config, { experiment: "button-color", cooldown: "14d", now: "2025-06-05T00:00:00Z" })).split("\n"));
  const freed = release(stopped.config, { experiment: "button-color", cooldown: "14d", now: "2025-06-15T00:00:00Z" });
  out.push(...freed.diff.map(formatChange));
  const glow = {
    id: "button-glow",
    status: "draft" as const,
    groups: [{ id: "control" }, { id: "glow", params: { button_color: "gold" } }],
    segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "glow", weight: 50 }] },
  };
  out.push(...allocate(freed.config, { experiment: glow, traffic: 60, domain: "main" }).diff.map(formatChange));
  const headline = { ...glow, id: "headline-test", groups: [{ id: "control" }, { id: "short", params: { headline: "Hi" } }], segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "short", weight: 50 }] } };
  out.push(...message(() => allocate(grown.config, { experiment: headline, traffic: 45, domain: "main" })).split("\n"));
  return out;
}

