import { defineSegmenter } from "@strata/segmenters";
import { z } from "zod";

/** Puts listed countries in their group; everyone else is split evenly by the experiment's hash. */
export const byCountry = defineSegmenter({
  type: "by-country",
  options: z.object({
    groups: z.array(z.object({ id: z.string().min(1), countries: z.array(z.string().length(2)) })).min(1),
  }),
  create({ groups }, ctx) {
    const ids = groups.map((group) => group.id);
    const byCode = new Map(groups.flatMap((group) => group.countries.map((code) => [code, group.id] as const)));
    return {
      groups: ids,
      expectedShares: Object.fromEntries(ids.map((id) => [id, 1 / ids.length])),
      assign(unit, { attributes }) {
        const country = typeof attributes.country === "string" ? byCode.get(attributes.country) : undefined;
        return country ?? ids[Math.floor((ctx.hash(unit) * ids.length) / 10_000)] ?? null;
      },
    };
  },
});
