import { describe, expect, it } from "vitest";
import { convertedExperiment } from "../src/index.ts";
import { conversionMarker } from "../src/conversion-marker.ts";

describe("conversion markers", () => {
  it("convertedExperiment reads back the experiment of a marker, and nothing from other keys", () => {
    for (const id of ["headline-bandit", "a", "x#y-less"]) expect(convertedExperiment(conversionMarker(id))).toBe(id);
    for (const key of ["headline-bandit", "headline-bandit#convertedx", "#converte", ""]) expect(convertedExperiment(key)).toBeUndefined();
  });
});
