import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
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

  it("says the port is taken and exits with 1, instead of claiming to listen, when another server holds the port", async () => {
    // Held on every interface, where the example listens (no host given).
    const holder = await new Promise<Server>((resolve, reject) => {
      const s = createServer();
      s.once("error", reject);
      s.listen(0, () => resolve(s));
    });
    const port = (holder.address() as AddressInfo).port;
    try {
      const child = spawn(join(repoRoot, "node_modules/.bin/tsx"), ["--conditions=@strata/source", "server.ts"], { cwd: dir, env: { ...process.env, NO_COLOR: "1", PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
      const code = await new Promise<number | null>((resolve, reject) => {
        child.once("error", reject);
        child.once("close", resolve);
      });
      expect(output).not.toContain("listening on");
      expect(output).toContain(`cannot listen on port ${port} (listen EADDRINUSE`);
      expect(output).toContain(`try another port, e.g. PORT=${port + 1} npx tsx server.ts`);
      expect(code).toBe(1);
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  }, 60_000);
});
