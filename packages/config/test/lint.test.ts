import { describe, expect, it } from "vitest";
import { lint, type Problem } from "../src/index.ts";
import { shop, small } from "./fixtures.ts";

const warnings = (config: unknown) => lint(config).warnings.map((p: Problem) => [p.pointer, p.code]);

describe("lint", () => {
  it("keeps warnings apart from errors", () => {
    const config = shop();
    config.domain.layers[0].salt = "color";
    const result = lint(config);
    expect(result.errors.map((p) => p.code)).toEqual(["shared-salt"]);
    expect(result.errors.every((p) => p.severity === "error")).toBe(true);
    expect(result.warnings.length).toBeGreaterThan(0);
    expect(result.warnings.every((p) => p.severity === "warning")).toBe(true);
  });

  it("gives the shop example three pieces of advice", () => {
    expect(warnings(shop())).toEqual([
      ["/domain/layers/0/slots/0/domain/layers/0", "layer-nearly-full"],
      ["/domain/layers/0/slots/2/domain/layers/2", "layer-nearly-full"],
      ["/domain/layers/0/slots/2/domain/layers/3/slots/0/experiment/groups", "no-control"],
    ]);
  });

  it("warns about an experiment with no control group, outside launch layers", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", groups: [{ id: "x", params: { color: "red" } }, { id: "y", params: { color: "green" } }], segmenter: { type: "percentage", groups: [{ id: "x", weight: 50 }, { id: "y", weight: 50 }] } } }]);
    expect(warnings(config)).toContainEqual(["/domain/layers/0/slots/0/experiment/groups", "no-control"]);
    // A group that sets the defaults is a control.
    config.domain.layers[0].slots[0].experiment.groups[0].params = { color: "blue" };
    expect(warnings(config)).not.toContainEqual(["/domain/layers/0/slots/0/experiment/groups", "no-control"]);
  });

  it("warns about stopped experiments still holding buckets", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", status: "stopped", stoppedAt: "2025-01-01T00:00:00Z" } }]);
    const result = lint(config);
    expect(result.warnings.map((p) => p.code)).toContain("stopped-holds-buckets");
    expect(result.warnings.find((p) => p.code === "stopped-holds-buckets")!.message).toContain("still holds 100 buckets (10% of the layer) since 2025-01-01T00:00:00Z");
  });

  it("warns about layers more than 90% allocated", () => {
    const config = small([{ ranges: [[0, 901]], experiment: { id: "a" } }]);
    expect(warnings(config)).toContainEqual(["/domain/layers/0", "layer-nearly-full"]);
    config.domain.layers[0].slots[0].ranges = [[0, 900]];
    expect(warnings(config)).not.toContainEqual(["/domain/layers/0", "layer-nearly-full"]);
  });

  it("counts only the buckets inside the layer when ranges of an invalid config run past it", () => {
    const config = small([{ ranges: [[0, 500], [400, 1200]], experiment: { id: "a" } }]);
    expect(lint(config).warnings.find((p) => p.code === "layer-nearly-full")!.message).toBe(
      `the layer "main" is 100% allocated (1000 of 1000 buckets), so new experiments on its parameters have 0% left — shrink or release experiments, or add an overlapping layer for unrelated parameters`,
    );
    config.domain.layers[0].slots[0].experiment.status = "stopped";
    expect(lint(config).warnings.find((p) => p.code === "stopped-holds-buckets")!.message).toContain("still holds 1000 buckets (100% of the layer)");
  });

  it("warns about running experiments with no buckets, not drafts", () => {
    const config = small([
      { ranges: [], experiment: { id: "a" } },
      { ranges: [], experiment: { id: "b", status: "draft" } },
    ]);
    expect(warnings(config).filter(([, code]) => code === "no-buckets")).toEqual([["/domain/layers/0/slots/0/ranges", "no-buckets"]]);
  });

  it("says that forced and allow-listed units still reach a running experiment with no buckets", () => {
    const config = small([
      { ranges: [], experiment: { id: "qa-only", forced: { treatment: ["qa-alice"] } } },
      { ranges: [], experiment: { id: "resting", status: "paused" } },
    ]);
    expect(lint(config).warnings.filter((p) => p.code === "no-buckets").map((p) => p.message)).toEqual([
      `the running experiment "qa-only" has no buckets, so only forced units reach it (its "forced" allow-list, or a request that forces one of its groups) — give it traffic (strata allocate <config> --experiment qa-only --traffic <percent>, or allocate() of @strata/config)`,
      `the paused experiment "resting" has no buckets, so once it runs again only forced units reach it (its "forced" allow-list, or a request that forces one of its groups) — give it traffic (strata allocate <config> --experiment resting --traffic <percent>, or allocate() of @strata/config)`,
    ]);
  });

  it("warns about parameters no experiment sets", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a" } }]);
    expect(warnings(config)).toEqual([["/params/size", "unused-param"]]);
  });

  it("reports random diversion with sticky assignment as validate's error, not as a warning", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", unit: "random", sticky: true } }]);
    const result = lint(config);
    expect(result.errors.map((p) => [p.pointer, p.code])).toEqual([["/domain/layers/0/slots/0/experiment/unit", "sticky-diversion"]]);
    expect(result.warnings.map((p) => p.code)).not.toContain("random-sticky");
  });

  it("warns about groups the segmenter never assigns", () => {
    const config = small([{ ranges: [[0, 100]], experiment: { id: "a", segmenter: { type: "percentage", groups: [{ id: "control", weight: 100 }] } } }]);
    expect(warnings(config)).toContainEqual(["/domain/layers/0/slots/0/experiment/groups/1", "unreachable-group"]);
  });

  it("leaves a control group a fixed list does not name to unreachable-group, whose advice fits it (no no-control)", () => {
    const config = small([
      {
        ranges: [[0, 500]],
        experiment: { id: "beta", groups: [{ id: "in", params: { color: "on" } }, { id: "control" }], segmenter: { type: "fixed", groups: [{ id: "in", units: ["u1", "u2"] }] } },
      },
    ]);
    const codes = lint(config).warnings.filter((p) => p.pointer.startsWith("/domain/layers/0/slots/0/experiment/groups")).map((p) => [p.pointer, p.code]);
    expect(codes).toEqual([["/domain/layers/0/slots/0/experiment/groups/1", "unreachable-group"]]);
  });

  it("warns about groups the segmenter gives a share of 0, and then that no unit reaches a control group", () => {
    const config = small([{ ranges: [[0, 500]], experiment: { id: "a", groups: [{ id: "control" }, { id: "green", params: { color: "green" } }], segmenter: { type: "percentage", groups: [{ id: "control", weight: 0 }, { id: "green", weight: 100 }] } } }]);
    const expected = [
      {
        pointer: "/domain/layers/0/slots/0/experiment/groups",
        code: "no-control",
        message: `no unit reaches a group that sets no parameters: the segmenter never assigns "control", so every unit in the experiment gets a group that changes a parameter and there is nothing to compare with — give "control" a share above 0`,
      },
      {
        pointer: "/domain/layers/0/slots/0/experiment/groups/0",
        code: "unreachable-group",
        message: `the segmenter gives the group "control" a share of 0, so only forced units reach it — give it a share above 0 or remove it`,
      },
    ];
    const found = () => lint(config).warnings.filter((p) => p.code !== "unused-param").map(({ pointer, code, message }) => ({ pointer, code, message }));
    expect(found()).toEqual(expected);
    config.domain.layers[0].slots[0].experiment.segmenter = { type: "rollout", groups: [{ id: "control", percent: 0 }, { id: "green", percent: 100 }] };
    expect(found()).toEqual(expected);
    // With a share above 0, the control is reached and nothing is said.
    config.domain.layers[0].slots[0].experiment.segmenter = { type: "rollout", groups: [{ id: "control", percent: 1 }, { id: "green", percent: 99 }] };
    expect(found()).toEqual([]);
  });

  it("never throws, and gives errors only for unreadable input", () => {
    expect(lint(undefined).errors.length).toBeGreaterThan(0);
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(lint({ deep }).warnings).toEqual([]);
  });
});
