import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { walkConfig, type StrataConfig } from "@strata/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { CLI_ROOT, describeCli, IN_CI, REPO_ROOT, runCli, SHOP_RELATIVE } from "../support/cli.ts";
import { CHROMIUM, HAS_CHROMIUM, launchChromium } from "../support/chromium.ts";

const OUT = join(CLI_ROOT, "test-output");
const BUSY = "apps/cli/test/fixtures/busy.json";

type Box = { x: number; y: number; width: number; height: number };

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describeCli("the report in headless Chromium", () => {
  // Under CI a missing browser fails the suite; locally it is skipped with this message.
  describe.skipIf(!HAS_CHROMIUM && !IN_CI)("(needs /usr/bin/chromium)", () => {
    let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
    let page: Page;
    const requests: string[] = [];

    beforeAll(async () => {
      mkdirSync(OUT, { recursive: true });
      if (!HAS_CHROMIUM) return; // each test then fails on its first line, naming the missing browser
      browser = await launchChromium();
      page = await browser.context.newPage();
      page.on("request", (request) => {
        if (!request.url().startsWith("file:")) requests.push(request.url());
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    function needChromium(): void {
      expect(HAS_CHROMIUM, `${CHROMIUM} is missing: install it with apt-get install -y chromium (.ci/run does)`).toBe(true);
    }

    async function open(config: string, name: string, extra: string[] = []): Promise<StrataConfig> {
      const out = join(OUT, `${name}.html`);
      const run = await runCli(["report", config, "--units", "20000", ...extra, "--out", out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^wrote ${out}: .*20,000 simulated units`));
      await page.goto(pathToFileURL(out).href);
      return JSON.parse(readFileSync(join(REPO_ROOT, config), "utf8")) as StrataConfig;
    }

    async function expectDrawn(selector: string, label: string): Promise<void> {
      const element = page.locator(selector).first();
      expect(await element.isVisible(), selector).toBe(true);
      const box = await element.boundingBox();
      expect(box?.width ?? 0, selector).toBeGreaterThan(0);
      expect(await element.textContent(), selector).toContain(label);
    }

    it("draws every layer and experiment of the example config, and saves a screenshot", async () => {
      needChromium();
      const config = await open(SHOP_RELATIVE, "report", ["--attr", "country=DE", "--attr", "country=US"]);
      const layers: string[] = [];
      const experiments: string[] = [];
      walkConfig(config, { layer: ({ layer }) => layers.push(layer.id), experiment: ({ experiment }) => experiments.push(experiment.id) });
      expect(layers).toHaveLength(6);
      expect(experiments).toHaveLength(6);
      for (const id of layers) await expectDrawn(`svg.traffic-map [data-layer="${id}"]`, id);
      for (const id of experiments) {
        await expectDrawn(`svg.traffic-map [data-experiment="${id}"]`, id);
        expect(await page.locator(`#sample-ratio [data-srm="${id}"]`).count(), id).toBeGreaterThan(0);
        expect(await page.locator(`#experiments [data-experiment-row="${id}"]`).isVisible(), id).toBe(true);
      }
      await expectDrawn('svg.traffic-map [data-domain="main"]', "domain main · 85% of all traffic");
      await expectDrawn('svg.traffic-map [data-holdout="holdout"]', "holdout · 5%");
      await expectDrawn('svg.traffic-map [data-layer="launches"]', "LAUNCH");
      expect(await page.locator("svg.heat-map .cell").count()).toBe(15);
      expect(await page.locator("header").textContent()).toContain("14 checks, none flagged");
      const file = join(OUT, "report.png");
      await page.screenshot({ path: file, fullPage: true });
      expect(existsSync(file)).toBe(true);
    }, 60_000);

    it("keeps labels of a crowded config apart", async () => {
      needChromium();
      const config = await open(BUSY, "report-busy");
      const experiments: string[] = [];
      walkConfig(config, { experiment: ({ experiment }) => experiments.push(experiment.id) });
      for (const id of experiments) await expectDrawn(`svg.traffic-map [data-experiment="${id}"]`, id);
      // Geometry boxes of the labels (getBBox: the glyphs, not their white halo), per layer.
      const labels = await page.evaluate(() =>
        [...document.querySelectorAll("svg.traffic-map .layer")].map((layer) =>
          [...layer.querySelectorAll<SVGTextElement>("text.callout, text.slot-label, text.slot-share")].map((text) => {
            const { x, y, width, height } = text.getBBox();
            return { text: text.textContent, box: { x, y, width, height } };
          }),
        ),
      );
      expect(labels.flat().length).toBeGreaterThan(20);
      for (const layer of labels) {
        for (let i = 0; i < layer.length; i++) {
          for (let j = i + 1; j < layer.length; j++) {
            const [a, b] = [layer[i], layer[j]] as [(typeof layer)[number], (typeof layer)[number]];
            expect(overlaps(a.box, b.box), `${a.text} overlaps ${b.text}`).toBe(false);
          }
        }
      }
      await page.screenshot({ path: join(OUT, "report-busy.png"), fullPage: true });
    }, 60_000);

    it("made no network request", () => {
      needChromium();
      expect(requests).toEqual([]);
    });
  });
});

