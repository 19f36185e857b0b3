/**
 * Headless Chromium for the report test: Debian's /usr/bin/chromium driven by playwright-core,
 * with a fresh profile directory and everything that could reach the network switched off.
 * Without Chromium the test is skipped locally but fails under CI, where `.ci/run` installs it.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Where Debian's chromium package puts the browser. */
export const CHROMIUM = "/usr/bin/chromium";

/** True when the browser is installed. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with a fresh user-data-dir; `close` removes the directory. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!HAS_CHROMIUM) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium (.ci/run does)`);
  const profile = mkdtempSync(join(tmpdir(), "strata-chromium-"));
  // playwright-core refuses --user-data-dir in args; a persistent context is how it takes a fresh profile directory.
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1300, height: 900 } });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
