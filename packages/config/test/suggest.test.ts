import { describe, expect, it } from "vitest";
import { closestName, didYouMean } from "../src/index.ts";

describe("closestName", () => {
  it("prefers the same name in another case, then the fewest edits (a swap of neighbours is one)", () => {
    expect(closestName("onexposure", ["onExposure", "exposure"])).toBe("onExposure");
    expect(closestName("stikcy", ["sticky", "status"])).toBe("sticky");
    expect(closestName("segmentr", ["segmenter", "segments"])).toBe("segmenter");
  });

  it("allows one edit up to 4 characters, two up to 8 and three beyond; nothing for names longer than 64", () => {
    expect(closestName("unt", ["unit"])).toBe("unit");
    expect(closestName("ut", ["unit"])).toBeUndefined();
    expect(closestName("wieght", ["weight"])).toBe("weight");
    expect(closestName("wxyzht", ["weight"])).toBeUndefined();
    expect(closestName("condtons", ["conditions"])).toBe("conditions");
    expect(closestName("launchlayerz", ["launchLayer"])).toBe("launchLayer");
    expect(closestName("a".repeat(65), ["a".repeat(64)])).toBeUndefined();
    expect(closestName("anything", [])).toBeUndefined();
  });

  it("takes any iterable of names, and didYouMean words the hint", () => {
    expect(closestName("redd", new Set(["red", "blue"]))).toBe("red");
    expect(didYouMean("redd", ["red", "blue"])).toBe(' — did you mean "red"?');
    expect(didYouMean("purple", ["red", "blue"])).toBe("");
  });
});
