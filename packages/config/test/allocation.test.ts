import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocate,
  AllocationError,
  ConfigError,
  countBuckets,
  formatChange,
  release,
  resize,
  validate,
  walkConfig,
  type BucketRange,
  type ExperimentConfig,
  type StrataConfig,
} from "../src/index.ts";
import { exp, shop, small } from "./fixtures.ts";

const color = (config: any) => config.domain.layers[0].slots[2].domain.layers[1];

/** The shop config with a draft experiment waiting in the color layer. */
function shopWithDraft(): StrataConfig {
  const config = shop();
  color(config).slots.push({
    ranges: [],
    experiment: { id: "button-shade", status: "draft", groups: [{ id: "control" }, { id: "navy", params: { button_color: "navy" } }], segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "navy", weight: 50 }] } },
  });
  return config;
}

function failure(run: () => unknown): AllocationError {
  try {
    run();
  } catch (error) {
    if (error instanceof AllocationError) return error;
    throw error;
  }
  throw new Error("expected an AllocationError");
}

describe("allocate", () => {
  it("gives a waiting experiment room in its own layer and reports the change", () => {
    const { config, diff } = allocate(shopWithDraft(), { experiment: "button-shade", traffic: 10 });
    expect(color(config).slots[1].ranges).toEqual([[500, 600]]);
    expect(diff.map(formatChange)).toEqual([
      `~ /domain/layers/0/slots/2/domain/layers/1/slots/1/ranges: gave experiment "button-shade" buckets [500, 600) (10% of layer "color")`,
    ]);
    expect(validate(config).ok).toBe(true);
  });

  it("uses several free ranges when no single one is big enough", () => {
    const config = small([
      { ranges: [[0, 100]], experiment: { id: "a" } },
      { ranges: [[300, 700]], experiment: { id: "b" } },
      { ranges: [[800, 1000]], experiment: { id: "c" } },
      { ranges: [], experiment: { id: "d", status: "draft" } },
    ]);
    const { config: next } = allocate(config, { experiment: "d", traffic: 25 });
    expect(next.domain.layers[0]!.slots[3]!.ranges).toEqual([[100, 300], [700, 750]]);
    // A single range when one fits, first fit.
    const { config: again } = allocate(config, { experiment: "d", traffic: 10 });
    expect(again.domain.layers[0]!.slots[3]!.ranges).toEqual([[100, 200]]);
  });

  it("inserts a new experiment into the layer of the domain that owns its parameters", () => {
    const experiment = exp({ id: "size-test", groups: [{ id: "control" }, { id: "xl", params: { button_size: "xl" } }], segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "xl", weight: 50 }] } });
    const error = failure(() => allocate(shop(), { experiment, traffic: 10, domain: "main" }));
    expect(error.code).toBe("no-room");
    const config = shop();
    color(config).params.push("button_size");
    config.domain.layers[0].slots[2].domain.layers.splice(2, 1);
    const { config: next, diff } = allocate(config, { experiment, traffic: 10, domain: "main" });
    expect(diff.map((c) => [c.op, c.pointer])).toEqual([["add", "/domain/layers/0/slots/2/domain/layers/1/slots/1"]]);
    expect(color(next).slots[1].ranges).toEqual([[500, 600]]);
  });

  it("goes first fit across the domain's layers, moving a waiting experiment when its layer is full", () => {
    const config = small([{ ranges: [[0, 1000]], experiment: { id: "full" } }, { ranges: [], experiment: { id: "waiting", status: "draft", groups: [{ id: "a" }, { id: "b" }], segmenter: { type: "percentage", groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] } } }]);
    config.domain.layers.push({ id: "other", params: [], slots: [] });
    const { config: next, diff } = allocate(config, { experiment: "waiting", traffic: 30 });
    expect(diff.map((c) => [c.op, c.pointer])).toEqual([
      ["remove", "/domain/layers/0/slots/1"],
      ["add", "/domain/layers/1/slots/0"],
    ]);
    expect(next.domain.layers[1]!.slots[0]!.ranges).toEqual([[0, 300]]);
    expect(next.domain.layers[0]!.slots).toHaveLength(1);
    expect(diff[0]!.message).toBe(`moved experiment "waiting" out of layer "main", which has no room for 30%`);
  });

  it("says an experiment moved because the request named another layer, not that its empty layer had no room", () => {
    const waiting = { id: "waiting", status: "draft" as const, groups: [{ id: "a" }, { id: "b" }], segmenter: { type: "percentage", groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] } };
    const config = small([{ ranges: [], experiment: waiting }]);
    config.domain.layers.push({ id: "other", params: [], slots: [] });
    const { diff } = allocate(config, { experiment: "waiting", traffic: 20, layer: "other" });
    expect(diff.map(formatChange)).toEqual([
      `- /domain/layers/0/slots/0: moved experiment "waiting" out of layer "main" because the request names layer "other" (--layer)`,
      `+ /domain/layers/1/slots/0: placed experiment "waiting" in layer "other" with buckets [0, 200) (20% of layer "other")`,
    ]);
  });

  it("says an experiment moved because the request named another domain", () => {
    const waiting = exp({ id: "waiting", status: "draft", groups: [{ id: "a" }, { id: "b" }], segmenter: { type: "percentage", groups: [{ id: "a", weight: 50 }, { id: "b", weight: 50 }] } });
    const config = small([{ ranges: [], experiment: waiting }]);
    config.domain.layers[0].slots.unshift({ ranges: [[0, 500]], domain: { id: "inner", layers: [{ id: "inner-layer", params: ["color"], slots: [] }] } });
    const { diff } = allocate(config, { experiment: "waiting", traffic: 10, domain: "inner" });
    expect(diff.map((change) => change.op)).toEqual(["remove", "add"]);
    expect(diff[0]!.message).toBe(`moved experiment "waiting" out of layer "main" because the request names domain "inner" (--domain)`);
  });

  it("states the largest free space of each layer when nothing fits", () => {
    const config = small([
      { ranges: [[0, 500]], experiment: { id: "a" } },
      { ranges: [[600, 950]], experiment: { id: "b" } },
      { ranges: [], experiment: { id: "c", status: "draft", groups: [{ id: "control" }, { id: "treatment" }] } },
    ]);
    config.domain.layers.push({ id: "other", params: [], buckets: 100, slots: [{ ranges: [[0, 90]], experiment: exp({ id: "o", groups: [{ id: "control" }, { id: "treatment" }] }) }] });
    const error = failure(() => allocate(config, { experiment: "c", traffic: 20 }));
    expect(error.code).toBe("no-room");
    expect(error.message).toBe(
      `no room for 20% for experiment "c" in any layer of domain "root"; the largest free space of each layer:\n` +
        `  "main" (/domain/layers/0): 15% free (150 of 1000 buckets), largest free range [500, 600) = 10%\n` +
        `  "other" (/domain/layers/1): 10% free (10 of 100 buckets), largest free range [90, 100) = 10%\n` +
        `shrink or release other experiments, ask for less traffic, or use another layer`,
    );
    expect(error.layers.map((l) => [l.layer, l.free, l.largest])).toEqual([
      ["main", 150, [500, 600]],
      ["other", 10, [90, 100]],
    ]);
  });

  it("refuses impossible requests with a reason", () => {
    const config = shopWithDraft();
    expect(failure(() => allocate(config, { experiment: "nope", traffic: 10 })).code).toBe("unknown-experiment");
    expect(failure(() => allocate(config, { experiment: "button-color", traffic: 10 })).code).toBe("already-allocated");
    expect(failure(() => allocate(config, { experiment: "button-shade", traffic: 0 })).code).toBe("invalid-request");
    expect(failure(() => allocate(config, { experiment: "button-shade", traffic: 10, layer: "nope" })).code).toBe("unknown-layer");
    const fraction = failure(() => allocate(config, { experiment: "button-shade", traffic: 10.05 }));
    expect(fraction.layers[0]!.reason).toContain("a multiple of 0.1%");
    // Not whole buckets in any layer it could go to: a request to fix, not a lack of room, with the nearest shares that are.
    expect(fraction.code).toBe("invalid-request");
    expect(fraction.message).toMatch(/^traffic 10\.05% is not a whole number of buckets in any layer of domain "\w+": .* — ask for 10% or 10\.1%$/);
    const wrongLayer = failure(() => allocate(config, { experiment: "button-shade", traffic: 10, layer: "checkout-layer" }));
    expect(wrongLayer.code).toBe("incompatible-layer");
    expect(wrongLayer.message).toContain(`it does not own "button_color"`);
    const invalid = shopWithDraft() as any;
    invalid.units = [];
    expect(() => allocate(invalid, { experiment: "button-shade", traffic: 10 })).toThrow(ConfigError);
  });
});

describe("allocate: layers that cannot hold the experiment", () => {
  const main = (config: any) => config.domain.layers[0].slots[2].domain;

  /** The shop config with "button-shape" waiting in "color", and the launch layer owning button_color too, with room. */
  function withLaunchRoom(): any {
    const config = shop();
    const launches = main(config).layers[0];
    launches.params.push("button_color");
    launches.slots[0].ranges = [[0, 500]];
    color(config).slots.push({
      ranges: [],
      experiment: { id: "button-shape", status: "running", groups: [{ id: "control" }, { id: "navy", params: { button_color: "navy" } }], segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "navy", weight: 50 }] } },
    });
    return config;
  }

  it("refuses to move a normal experiment into a launch layer, where experiments would override its groups", () => {
    const error = failure(() => allocate(withLaunchRoom(), { experiment: "button-shape", traffic: 10, layer: "launches" }));
    expect(error.code).toBe("incompatible-layer");
    expect(error.message).toBe(
      `layer "launches" is a launch layer and experiment "button-shape" waits in the normal layer "color": in a launch layer its groups would only be defaults, ` +
        `which the experiments of the normal layers override — place it in a normal layer that owns its parameters, such as "color", or leave out the layer to let its domain's normal layers take it`,
    );
  });

  it("refuses to move a launch into a normal layer, where it would take an experiment's buckets", () => {
    const config = withLaunchRoom();
    main(config).layers[0].slots.push({
      ranges: [],
      experiment: { id: "green-launch", status: "draft", groups: [{ id: "on", params: { button_color: "green" } }], segmenter: { type: "percentage", groups: [{ id: "on", weight: 100 }] } },
    });
    const error = failure(() => allocate(config, { experiment: "green-launch", traffic: 10, layer: "color" }));
    expect(error.code).toBe("incompatible-layer");
    expect(error.message).toBe(
      `layer "color" is a normal layer and experiment "green-launch" waits in the launch layer "launches": in a normal layer it would be an experiment, ` +
        `taking buckets from the experiments on its parameters and overriding launches — place it in a launch layer that owns its parameters, such as "launches", or leave out the layer to let its domain's launch layers take it`,
    );
    // In its own kind of layer it is placed as before; a new experiment goes into whichever kind of layer the request names.
    expect(allocate(config, { experiment: "green-launch", traffic: 10, layer: "launches" }).config.domain.layers[0]!.slots[2]!.domain!.layers[0]!.slots[1]!.ranges).toEqual([[500, 600]]);
    const launch = exp({ id: "red-launch", groups: [{ id: "on", params: { button_color: "red" } }], segmenter: { type: "percentage", groups: [{ id: "on", weight: 100 }] } });
    expect(allocate(config, { experiment: launch, traffic: 10, layer: "launches" }).diff.map((change) => change.op)).toEqual(["add"]);
  });

  it("says which parameters the named layer does not own and which layer does, instead of 'no room'", () => {
    const error = failure(() => allocate(withLaunchRoom(), { experiment: "button-shape", traffic: 10, layer: "checkout-layer" }));
    expect(error.code).toBe("incompatible-layer");
    expect(error.message).toBe(
      `layer "checkout-layer" cannot hold experiment "button-shape": it does not own "button_color", which the experiment's groups set ("button_color" belongs to layer "color") — ` +
        `an experiment goes only into a layer that owns every parameter its groups set: place it in layer "color"`,
    );
    expect(error.layers.map((space) => space.layer)).toEqual(["checkout-layer"]);
  });

  it("says so when no layer it could go to owns its parameters, naming the layers that do", () => {
    const experiment = exp({ id: "both", groups: [{ id: "control" }, { id: "t", params: { button_color: "red", checkout: "fast" } }] });
    const error = failure(() => allocate(shop(), { experiment, traffic: 10, domain: "main" }));
    expect(error.code).toBe("incompatible-layer");
    expect(error.message).toBe(
      `no normal layer of domain "main" can hold experiment "both": none owns every parameter its groups set ("button_color" and "checkout")\n` +
        `  "color" (/domain/layers/0/slots/2/domain/layers/1): it does not own "checkout"\n` +
        `  "size" (/domain/layers/0/slots/2/domain/layers/2): it does not own "button_color" and "checkout"\n` +
        `  "checkout-layer" (/domain/layers/0/slots/2/domain/layers/3): it does not own "button_color"\n` +
        `"button_color" belongs to layer "color"; "checkout" belongs to layer "checkout-layer" — an experiment goes only into a layer that owns every parameter its groups set: ` +
        `split it into experiments that each set the parameters of one layer, or allocate it in another domain whose layer owns them all`,
    );
  });
});

describe("allocate and resize: shares of less than one bucket or of no whole number of buckets", () => {
  const one = (ranges: [number, number][], buckets?: number) => {
    const config = small([{ ranges, experiment: { id: "a" } }]);
    if (buckets !== undefined) config.domain.layers[0].buckets = buckets;
    return config;
  };

  it("refuses a share below one bucket instead of placing the experiment with no buckets", () => {
    const error = failure(() => allocate(one([]), { experiment: "a", traffic: 1e-10 }));
    expect(error.code).toBe("invalid-request");
    expect(error.message).toBe(`traffic 1e-10% is less than one bucket in any layer of domain "root": the smallest share of a layer of 1000 buckets is 0.1%, one bucket`);
  });

  it("refuses to resize a running experiment to less than one bucket, which would free its buckets without a cool-down", () => {
    const error = failure(() => resize(one([[0, 100]]), { experiment: "a", traffic: 1e-10 }));
    expect(error.code).toBe("invalid-request");
    expect(error.message).toBe(
      `traffic 1e-10% is less than one bucket of layer "main": the smallest share of a layer of 1000 buckets is 0.1%, one bucket — to give back every bucket of experiment "a", release() it (its buckets stay reserved for a cool-down)`,
    );
  });

  it("suggests only shares of at least one bucket, written without float noise", () => {
    expect(failure(() => allocate(one([]), { experiment: "a", traffic: 0.05 })).message).toBe(
      `traffic 0.05% is not a whole number of buckets in any layer of domain "root": 0.05% of 1000 buckets is 0.5 buckets — traffic must be a whole number of buckets, a multiple of 0.1% — ask for 0.1%`,
    );
    expect(failure(() => allocate(one([], 3), { experiment: "a", traffic: 33.33 })).message).toBe(
      `traffic 33.33% is not a whole number of buckets in any layer of domain "root": 33.33% of 3 buckets is 0.9999 buckets — traffic must be a whole number of buckets, a multiple of 33.3333333333% — ask for 33.3333333333%`,
    );
    expect(failure(() => allocate(one([], 3), { experiment: "a", traffic: 50 })).message).toMatch(/of 3 buckets is 1\.5 buckets — .* a multiple of 33\.3333333333% — ask for 33\.3333333333% or 66\.6666666667%$/);
    expect(failure(() => resize(one([[0, 100]]), { experiment: "a", traffic: 12.34 })).message).toBe(
      `traffic 12.34% is not a whole number of buckets of layer "main": 12.34% of 1000 buckets is 123.4 buckets — traffic must be a whole number of buckets, a multiple of 0.1% — ask for 12.3% or 12.4%`,
    );
  });

  it("suggests shares that are whole buckets when asked for, even in odd-sized layers", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 1_000_000 }), fc.integer({ min: 1, max: 999_999 }), (buckets, tenThousandths) => {
        const traffic = tenThousandths / 10_000;
        let error: AllocationError;
        try {
          allocate(one([], buckets), { experiment: "a", traffic });
          return;
        } catch (thrown) {
          if (!(thrown instanceof AllocationError)) throw thrown;
          error = thrown;
        }
        expect(error.code).toBe("invalid-request");
        const { message } = error;
        expect(message).not.toMatch(/ask for 0%|\b1 buckets\b|e-\d/);
        // The step and the bucket count are rounded alike, to at most 10 decimals.
        expect(message).not.toMatch(/a multiple of \d+\.\d{11,}%|is \d+\.\d{11,} buckets/);
        const asked = /ask for ([\d.]+)%(?: or ([\d.]+)%)?$/.exec(message) ?? /is ([\d.]+)%, one bucket$/.exec(message);
        expect(asked, message).not.toBeNull();
        for (const share of asked!.slice(1).filter((text) => text !== undefined)) {
          expect(countBuckets(allocate(one([], buckets), { experiment: "a", traffic: Number(share) }).config.domain.layers[0]!.slots[0]!.ranges), `${share}% of ${buckets}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("resize", () => {
  const layout = () =>
    small([
      { ranges: [[0, 100]], experiment: { id: "a" } },
      { ranges: [[100, 200]], experiment: { id: "b" } },
      { ranges: [[300, 400]], experiment: { id: "c" } },
    ]);

  it("grows by extending the newest range when the buckets after it are free, keeping every bucket", () => {
    const { config, diff } = resize(layout(), { experiment: "c", traffic: 15 });
    expect(config.domain.layers[0]!.slots[2]!.ranges).toEqual([[300, 450]]);
    expect(diff[0]!.message).toBe(`resized experiment "c" from 10% ([300, 400)) to 15% ([300, 450)): added [400, 450)`);
  });

  it("grows into other free buckets when the next ones are taken, appending them", () => {
    const { config } = resize(layout(), { experiment: "a", traffic: 20 });
    expect(config.domain.layers[0]!.slots[0]!.ranges).toEqual([[0, 100], [200, 300]]);
  });

  it("shrinks by giving back the most recently added buckets first", () => {
    const twenty = resize(layout(), { experiment: "a", traffic: 20 }).config;
    const grown = resize(twenty, { experiment: "a", traffic: 25 }).config;
    expect(grown.domain.layers[0]!.slots[0]!.ranges).toEqual([[0, 100], [200, 300], [400, 450]]);
    const shrunk = resize(grown, { experiment: "a", traffic: 12 });
    expect(shrunk.config.domain.layers[0]!.slots[0]!.ranges).toEqual([[0, 100], [200, 220]]);
    expect(shrunk.diff[0]!.message).toContain("gave back [220, 300), [400, 450)");
    expect(resize(shrunk.config, { experiment: "a", traffic: 12 }).diff).toEqual([]);
  });

  it("never moves an experiment with users to another layer", () => {
    const error = failure(() => resize(layout(), { experiment: "a", traffic: 90 }));
    expect(error.code).toBe("no-room");
    expect(error.message).toContain(`needs 800 more buckets`);
    expect(error.message).toContain(`"main" (/domain/layers/0): 70% free (700 of 1000 buckets), largest free range [400, 1000) = 60%`);
  });
});

describe("release", () => {
  const now = Date.parse("2025-06-01T00:00:00Z");
  const day = 86_400_000;

  it("stops a running experiment and keeps its buckets reserved for the cool-down", () => {
    const { config, diff } = release(shop(), { experiment: "button-color", cooldown: "14d", now });
    const experiment = color(config).slots[0].experiment;
    expect(experiment.status).toBe("stopped");
    expect(experiment.stoppedAt).toBe("2025-06-01T00:00:00Z");
    expect(color(config).slots[0].ranges).toEqual([[0, 500]]);
    expect(diff[0]!.message).toContain("stay reserved until 2025-06-15T00:00:00Z (cool-down 14d)");

    const early = failure(() => release(config, { experiment: "button-color", cooldown: "14d", now: now + 3 * day }));
    expect(early.code).toBe("cooling-down");
    expect(early.message).toContain("stay reserved until 2025-06-15T00:00:00Z (11d from now) so that the next experiment does not inherit its carry-over effects");
    // Until the cool-down passes, nothing else gets those buckets.
    const draft = shopWithDraft() as any;
    color(draft).slots[0] = color(config).slots[0];
    expect(allocate(draft, { experiment: "button-shade", traffic: 50 }).config.domain.layers[0]!.slots[2]!.domain!.layers[1]!.slots[1]!.ranges).toEqual([[500, 1000]]);
    expect(failure(() => allocate(draft, { experiment: "button-shade", traffic: 60 })).code).toBe("no-room");

    const freed = release(config, { experiment: "button-color", cooldown: "14d", now: now + 14 * day });
    expect(color(freed.config).slots[0].ranges).toEqual([]);
    expect(color(freed.config).slots[0].experiment.id).toBe("button-color");
    expect(freed.diff[0]!.message).toContain("the 14d cool-down has passed");
    expect(lintFree(freed.config)).toBe(true);
  });

  it("frees a draft at once and starts the cool-down of a stopped experiment without stoppedAt", () => {
    const drafted = allocate(shopWithDraft(), { experiment: "button-shade", traffic: 10 }).config;
    expect(color(release(drafted, { experiment: "button-shade", cooldown: "7d", now }).config).slots[1].ranges).toEqual([]);
    const stopped = shop();
    color(stopped).slots[0].experiment.status = "stopped";
    const result = release(stopped, { experiment: "button-color", cooldown: 7 * day, now });
    expect(color(result.config).slots[0].experiment.stoppedAt).toBe("2025-06-01T00:00:00Z");
    expect(result.diff[0]!.message).toContain(`was stopped without a "stoppedAt", so its cool-down starts now`);
    expect(failure(() => release(stopped, { experiment: "button-color", cooldown: "soon", now })).code).toBe("invalid-request");
  });

  it("stops a running or paused experiment that holds no buckets, so forced and allow-listed units no longer get its groups", () => {
    for (const status of ["running", "paused"] as const) {
      const config = small([{ ranges: [], experiment: { id: "qa-only", status, forced: { treatment: ["qa-alice"] } } }]);
      const { config: next, diff } = release(config, { experiment: "qa-only", cooldown: "14d", now });
      expect(next.domain.layers[0]!.slots[0]!.experiment).toMatchObject({ status: "stopped", stoppedAt: "2025-06-01T00:00:00Z" });
      expect(next.domain.layers[0]!.slots[0]!.ranges).toEqual([]);
      expect(diff.map(formatChange)).toEqual([
        `~ /domain/layers/0/slots/0/experiment: stopped experiment "qa-only" at 2025-06-01T00:00:00Z; it holds no buckets, so there is nothing to keep reserved`,
      ]);
    }
    // A stopped experiment or a draft without buckets has nothing left to release.
    for (const status of ["stopped", "draft"] as const) {
      const config = small([{ ranges: [], experiment: { id: "idle", status } }]);
      expect(release(config, { experiment: "idle", cooldown: "14d", now }).diff).toEqual([]);
    }
  });

  it("reads a now given as text only as an RFC 3339 timestamp with a time zone, on real calendar dates", () => {
    for (const text of ["2025-06-01T00:00:00", "June 1, 2025", "2025/06/01", "2025-02-31T00:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01"]) {
      const error = failure(() => release(shop(), { experiment: "button-color", cooldown: "14d", now: text }));
      expect(error.code).toBe("invalid-request");
      expect(error.message).toBe(
        `now must be an RFC 3339 timestamp with a time zone on a real calendar date, such as "2025-06-01T00:00:00Z" or "2025-06-01T02:00:00+02:00" (got ${JSON.stringify(text)}) — or pass a Date or milliseconds, such as Date.now()`,
      );
    }
    const zoned = release(shop(), { experiment: "button-color", cooldown: "14d", now: "2025-06-01T02:00:00+02:00" });
    expect(color(zoned.config).slots[0].experiment.stoppedAt).toBe("2025-06-01T00:00:00Z");
  });

  it("refuses a cool-down or a now beyond what dates and stoppedAt can hold, naming the field", () => {
    const huge = failure(() => release(shop(), { experiment: "button-color", cooldown: "200000000d", now }));
    expect(huge.code).toBe("invalid-request");
    expect(huge.message).toBe(
      `cooldown "200000000d" from 2025-06-01T00:00:00Z would end after +275760-09-13T00:00:00Z, the last date JavaScript can hold — use a cool-down of days or weeks, such as "14d"`,
    );
    const stopped = release(shop(), { experiment: "button-color", cooldown: "14d", now }).config;
    expect(failure(() => release(stopped, { experiment: "button-color", cooldown: 1e300, now })).message).toMatch(/^cooldown 1e\+300 from 2025-06-01T00:00:00Z would end after/);
    expect(failure(() => release(shop(), { experiment: "button-color", cooldown: `${"9".repeat(400)}d`, now })).message).toMatch(/^cooldown must be a duration/);
    for (const late of [9e15, 8e15, -1e14, Date.parse("9999-12-31T23:59:59.999Z") + 1]) {
      const error = failure(() => release(shop(), { experiment: "button-color", cooldown: "1d", now: late }));
      expect(error.code).toBe("invalid-request");
      expect(error.message).toBe(`now must fall in the years 0000 to 9999, which "stoppedAt" can record (got ${late}) — pass the current time, e.g. "2025-06-01T00:00:00Z" or Date.now()`);
    }
    // The last instant of 9999 is recorded as it is.
    const last = release(shop(), { experiment: "button-color", cooldown: "1d", now: "9999-12-31T23:59:59Z" }).config;
    expect(color(last).slots[0].experiment.stoppedAt).toBe("9999-12-31T23:59:59Z");
  });

  it("throws only AllocationError for any cool-down and now, whatever the experiment's state", () => {
    const states = [shop(), release(shop(), { experiment: "button-color", cooldown: "1d", now }).config, shopWithDraft()];
    const cooldown = fc.oneof(
      fc.double(),
      fc.integer({ min: 0, max: 1e8 }).map((days) => `${days}d`),
      fc.constantFrom("200000000d", "1e3d", "9".repeat(400) + "w", "14d", "0ms"),
    );
    const at = fc.oneof(fc.double(), fc.integer({ min: -9e15, max: 9e15 }), fc.constantFrom("+275760-09-13T00:00:00Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "soon"));
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2), fc.constantFrom("button-color", "button-shade"), cooldown, at, (state, experiment, wait, when) => {
        try {
          const { config } = release(states[state]!, { experiment, cooldown: wait, now: when });
          expect(validate(config).ok).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(AllocationError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function lintFree(config: StrataConfig): boolean {
  return validate(config).ok;
}

// ---- Property tests: any sequence of allocate / resize / release keeps the invariants. ----

interface Snapshot {
  readonly layer: string;
  readonly status: string;
  readonly buckets: Set<number>;
}

function experiments(config: StrataConfig): Map<string, Snapshot> {
  const out = new Map<string, Snapshot>();
  walkConfig(config, {
    experiment: ({ experiment, slot }) => {
      const buckets = new Set<number>();
      for (const [start, end] of slot.slot.ranges) for (let b = start; b < end; b++) buckets.add(b);
      out.set(experiment.id, { layer: slot.layer.layer.id, status: experiment.status, buckets });
    },
  });
  return out;
}

function checkLayers(config: StrataConfig): void {
  walkConfig(config, {
    layer: ({ layer }) => {
      const size = layer.buckets ?? 1000;
      const owner = new Map<number, number>();
      layer.slots.forEach((slot, index) => {
        for (const [start, end] of slot.ranges as BucketRange[]) {
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(size);
          expect(start).toBeLessThan(end);
          for (let b = start; b < end; b++) {
            expect(owner.has(b), `bucket ${b} of ${layer.id} in slots ${owner.get(b)} and ${index}`).toBe(false);
            owner.set(b, index);
          }
        }
      });
    },
  });
}

type Op =
  | { kind: "allocate-new"; id: string; param: "color" | "size" | "none"; traffic: number; layer?: string }
  | { kind: "allocate"; pick: number; traffic: number }
  | { kind: "resize"; pick: number; traffic: number }
  | { kind: "release"; pick: number; days: number };

const traffic = fc.integer({ min: 1, max: 60 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("allocate-new" as const), id: fc.constant(""), param: fc.constantFrom("color" as const, "size" as const, "none" as const), traffic, layer: fc.option(fc.constantFrom("main", "sizes", "free"), { nil: undefined }) }),
  fc.record({ kind: fc.constant("allocate" as const), pick: fc.nat(), traffic }),
  fc.record({ kind: fc.constant("resize" as const), pick: fc.nat(), traffic }),
  fc.record({ kind: fc.constant("release" as const), pick: fc.nat(), days: fc.constantFrom(0, 1, 3, 8) }),
);

function start(): StrataConfig {
  return {
    version: 1,
    units: ["userId"],
    params: { color: "blue", size: "m" },
    domain: {
      id: "root",
      layers: [
        { id: "main", params: ["color"], slots: [{ ranges: [[0, 200]], experiment: exp({ id: "seed" }) }] },
        { id: "sizes", params: ["size"], buckets: 100, slots: [] },
        { id: "free", params: [], buckets: 500, slots: [] },
      ],
    },
  };
}

function newExperiment(id: string, param: "color" | "size" | "none"): ExperimentConfig {
  const params = param === "none" ? undefined : { [param]: "x" };
  return {
    id,
    status: "running",
    groups: [{ id: "control" }, { id: "treatment", ...(params === undefined ? {} : { params }) }],
    segmenter: { type: "percentage", groups: [{ id: "control", weight: 50 }, { id: "treatment", weight: 50 }] },
  };
}

describe("the control plane, property-tested", () => {
  it("never overlaps slots, never leaves the bucket space, never moves a running experiment's buckets", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        let config = start();
        let now = Date.parse("2025-01-01T00:00:00Z");
        let counter = 0;
        for (const step of ops) {
          const before = experiments(config);
          const ids = [...before.keys()];
          const pick = (n: number) => ids[n % ids.length]!;
          let target: string | undefined;
          let next: StrataConfig | undefined;
          try {
            switch (step.kind) {
              case "allocate-new": {
                target = `e${counter++}`;
                next = allocate(config, { experiment: newExperiment(target, step.param), traffic: step.traffic, ...(step.layer === undefined ? {} : { layer: step.layer }) }).config;
                break;
              }
              case "allocate":
                target = pick(step.pick);
                next = allocate(config, { experiment: target, traffic: step.traffic }).config;
                break;
              case "resize":
                target = pick(step.pick);
                next = resize(config, { experiment: target, traffic: step.traffic }).config;
                break;
              case "release":
                now += step.days * 86_400_000;
                target = pick(step.pick);
                next = release(config, { experiment: target, cooldown: "7d", now }).config;
                break;
            }
          } catch (error) {
            if (!(error instanceof AllocationError)) throw error;
            continue;
          }
          expect(validate(next).ok).toBe(true);
          checkLayers(next);
          const after = experiments(next);
          for (const [id, was] of before) {
            const is = after.get(id);
            expect(is, `experiment ${id} disappeared`).toBeDefined();
            if (was.status !== "running" || was.buckets.size === 0) continue;
            expect(is!.layer).toBe(was.layer);
            if (id !== target) {
              expect([...is!.buckets]).toEqual([...was.buckets]);
            } else if (step.kind === "resize") {
              const kept = [...was.buckets].filter((b) => is!.buckets.has(b)).length;
              expect(kept).toBe(Math.min(was.buckets.size, is!.buckets.size));
            } else if (step.kind === "release") {
              expect(is!.status).toBe("stopped");
              expect([...is!.buckets]).toEqual([...was.buckets]);
            }
          }
          config = next;
        }
      }),
      { numRuns: 150 },
    );
  });

  it("allocates exactly the requested traffic", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), (percent) => {
        const { config } = allocate(start(), { experiment: newExperiment("x", "color"), traffic: percent });
        const slot = config.domain.layers[0]!.slots[1]!;
        expect(countBuckets(slot.ranges)).toBe(percent * 10);
      }),
    );
  });
});
