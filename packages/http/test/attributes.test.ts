import { describe, expect, it } from "vitest";
import { countryOf, languageOf, MAX_USER_AGENT_LENGTH, standardAttributes, userAgentOf } from "../src/index.ts";

const headers = (init: Record<string, string>) => new Headers(init);

describe("request attribute helpers", () => {
  it("reads the user agent, cut to 512 characters", () => {
    expect(userAgentOf(headers({ "user-agent": "Mozilla/5.0" }))).toBe("Mozilla/5.0");
    expect(userAgentOf(headers({ "user-agent": "x".repeat(2000) }))).toHaveLength(MAX_USER_AGENT_LENGTH);
    expect(userAgentOf(headers({}))).toBeUndefined();
  });

  it("reads the most preferred language's primary subtag", () => {
    expect(languageOf(headers({ "accept-language": "de-CH,de;q=0.9,en;q=0.8" }))).toBe("de");
    expect(languageOf(headers({ "accept-language": "en;q=0.5, FR-ca;q=0.9" }))).toBe("fr");
    expect(languageOf(headers({ "accept-language": "*" }))).toBeUndefined();
    expect(languageOf(headers({ "accept-language": "en;q=0" }))).toBeUndefined();
    expect(languageOf(headers({}))).toBeUndefined();
  });

  it("reads a two-letter country from the configured header, upper-cased", () => {
    expect(countryOf(headers({ "cf-ipcountry": "de" }), "CF-IPCountry")).toBe("DE");
    expect(countryOf(headers({ "cf-ipcountry": "XX1" }), "cf-ipcountry")).toBeUndefined();
    expect(countryOf(headers({}), "cf-ipcountry")).toBeUndefined();
  });

  it("gathers the standard attributes, leaving absent ones out", () => {
    expect(standardAttributes(headers({ "user-agent": "UA", "accept-language": "nl", "x-country": "nl" }), "x-country")).toEqual({ userAgent: "UA", language: "nl", country: "NL" });
    expect(standardAttributes(headers({ "x-country": "nl" }))).toEqual({});
  });
});
