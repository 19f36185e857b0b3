import fc from "fast-check";
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

  it("answers each Accept-Language value for itself, however often and in whatever order values repeat", () => {
    const cases: Array<[string, string | undefined]> = [
      ["de-CH,de;q=0.9,en;q=0.8", "de"],
      ["en;q=0.5, FR-ca;q=0.9", "fr"],
      ["*", undefined],
      ["pt-BR", "pt"],
      ["en;q=0", undefined],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [value, language] of round === 1 ? [...cases].reverse() : cases) expect(languageOf(headers({ "accept-language": value })), value).toBe(language);
    }
  });

  it("stays right after more distinct Accept-Language values than it remembers", () => {
    // A distinct primary subtag per value: "a", "b", … "ba", … (base 26 in letters).
    const letters = (n: number) => Array.from(n.toString(26), (digit) => String.fromCharCode(97 + parseInt(digit, 26))).join("");
    const values = Array.from({ length: 700 }, (_, i) => `${letters(i)};q=0.5,nl;q=${i % 2 === 0 ? "0.9" : "0.1"}`);
    const first = values.map((value) => languageOf(headers({ "accept-language": value })));
    expect(first.slice(0, 4)).toEqual(["nl", "b", "nl", "d"]);
    expect(first[699]).toBe("bax");
    const again = [...values].reverse().map((value) => languageOf(headers({ "accept-language": value })));
    expect(again.reverse()).toEqual(first);
  });

  it("gives the same language for a value whether it is new or seen before (property)", () => {
    const tag = fc.constantFrom("de", "de-CH", "EN", "en-US", "fr", "*", "zh-Hant-TW", "x1", "");
    const part = fc.tuple(tag, fc.constantFrom("", ";q=0.9", ";q=0.5", ";q=0", ";q=", "; q=0.7", ";level=1"), fc.constantFrom("", " ")).map(([t, q, space]) => `${space}${t}${q}`);
    const value = fc.array(part, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(","));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 12 }), (values) => {
        const forward = values.map((v) => languageOf(headers({ "accept-language": v })));
        const backward = [...values].reverse().map((v) => languageOf(headers({ "accept-language": v })));
        expect(backward.reverse()).toEqual(forward);
      }),
      { numRuns: 300 },
    );
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
