/** The README's walkthrough, run: every output line the README shows must be what the code prints. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validate } from "../src/index.ts";
import { shop } from "./fixtures.ts";
import { walkthrough } from "./walkthrough.ts";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("the README walkthrough", () => {
  it("shows what the code prints", () => {
    for (const line of walkthrough()) expect(readme).toContain(line);
  });

  it("walks through a valid config", () => {
    expect(validate(shop()).ok).toBe(true);
  });
});
