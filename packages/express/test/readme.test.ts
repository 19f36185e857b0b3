import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks, exampleFolder, freePort, repoRoot, startExample } from "../../http/test/support/readme-example.ts";

const packageDir = join(import.meta.dirname, "..");
const [server] = codeBlocks(join(packageDir, "README.md"), "ts");

describe("the README's quick start, run as written (tsx server.ts)", () => {
  const dir = exampleFolder(packageDir, { "server.ts": server as string });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the same button to a returning visitor and logs exposures after the response", async () => {
    const port = await freePort();
    const example = await startExample(join(repoRoot, "node_modules/.bin/tsx"), ["--conditions=@strata/source", "server.ts"], dir, "listening on", { PORT: String(port) });
    try {
      const first = await fetch(`http://localhost:${port}/`);
      const cookie = first.headers.get("set-cookie") as string;
      expect(cookie).toMatch(/^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
      const body = await first.text();
      expect(body).toMatch(/^<button style="background:\w+">Buy<\/button>\n$/);
      const again = await fetch(`http://localhost:${port}/`, { headers: { cookie: cookie.split(";")[0] as string } });
      expect(again.headers.get("set-cookie")).toBeNull();
      expect(await again.text()).toBe(body);
      expect(await (await fetch(`http://localhost:${port}/`, { headers: { "x-user-id": "u-2" } })).text()).toContain("background:green");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(example.output()).toContain('exposures: [{"experiment":"button-color","group":"green","layer":"color","unitType":"userId","unit":"u-2","param":"button_color"');
    } finally {
      await example.stop();
    }
  }, 60_000);
});
