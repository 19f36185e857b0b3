/**
 * The size limits JSON Schema cannot express: experiments in the whole config, how deeply
 * domains nest, and the buckets of all layers together (the engine keeps a table entry per bucket).
 * @module
 */
import { LIMITS } from "../limits.ts";
import { child } from "../pointer.ts";
import { DEFAULT_BUCKETS } from "../schema.ts";
import { walkConfig } from "../walk.ts";
import type { RuleContext } from "./context.ts";

/** Reports more than `LIMITS.experiments` experiments, domains nested deeper than `LIMITS.domainDepth` and more than `LIMITS.totalBuckets` buckets in all layers. */
export function sizeLimits({ config, out }: RuleContext): void {
  let experiments = 0;
  let buckets = 0;
  walkConfig(config, {
    domain: ({ depth, pointer }) => {
      if (depth === LIMITS.domainDepth + 1) {
        out.error(pointer, "domain-too-deep", `domains are nested ${depth} deep here; the limit is ${LIMITS.domainDepth} — flatten the traffic split`);
      }
    },
    layer: ({ layer, pointer }) => {
      const explicit = typeof layer.buckets === "number" && Number.isFinite(layer.buckets);
      const before = buckets;
      buckets += explicit ? Math.max(0, layer.buckets!) : DEFAULT_BUCKETS;
      if (before <= LIMITS.totalBuckets && buckets > LIMITS.totalBuckets) {
        out.error(
          explicit ? child(pointer, "buckets") : pointer,
          "too-many-buckets",
          `with this layer the layers have ${buckets} buckets together; the limit is ${LIMITS.totalBuckets} for the whole config ` +
            `(the engine keeps about 4 bytes per bucket of every layer) — give layers fewer "buckets" (the default ${DEFAULT_BUCKETS} moves traffic in steps of 0.1%) or remove layers you no longer use`,
        );
      }
    },
    experiment: ({ pointer }) => {
      if (++experiments === LIMITS.experiments + 1) {
        out.error(pointer, "too-many-experiments", `the config has more than ${LIMITS.experiments} experiments — remove finished ones or split the config`);
      }
    },
  });
}
