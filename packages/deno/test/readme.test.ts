import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { codeBlocks, exampleFolder, freePort, startExample } from "../../http/test/support/readme-example.ts";
import { bin, packageDir } from "./support/runtime-process.ts";

const [server] = codeBlocks(join(packageDir, "README.md"), "ts");

describe("the README's quick start, run as written with the real Deno", () => {
  afterAll(() => rmSync(join(packageDir, ".tmp", "readme-test"), { recursive: true, force: true }));

  it("serves the same button to a returning visitor and logs the exposure", async () => {
    const port = await freePort();
    // The one change: a free port instead of 8000, so the test never collides with anything.
    const code = (server as string).replace("{ port: 8000 }", `{ port: ${port}, hostname: "127.0.0.1" }`);
    expect(code).not.toBe(server);
    const dir = exampleFolder(packageDir, { "server.ts": code });
    const example = await startExample(bin("deno"), ["run", "--no-prompt", "--no-lock", "--conditions=@strata/source", "--allow-net", "server.ts"], dir, "Listening on");
    try {
      const first = await fetch(`http://127.0.0.1:${port}/`);
      const cookie = first.headers.get("set-cookie") as string;
      expect(cookie).toMatch(/^strata_id=[0-9a-f]{32}; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax$/);
      const body = await first.text();
      const again = await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: cookie.split(";")[0] as string } });
      expect(again.headers.get("set-cookie")).toBeNull();
      expect(await again.text()).toBe(body);
      expect(await (await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-user-id": "u-2" } })).text()).toContain("background:green");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(example.output()).toContain('"experiment":"button-color","group":"green"');
    } finally {
      await example.stop();
    }
  }, 60_000);
});
