/**
 * The size limits JSON Schema cannot express: experiments in the whole config and how deeply
 * domains nest.
 * @module
 */
import { LIMITS } from "../limits.ts";
import { walkConfig } from "../walk.ts";
import type { RuleContext } from "./context.ts";

/** Reports more than `LIMITS.experiments` experiments and domains nested deeper than `LIMITS.domainDepth`. */
export function sizeLimits({ config, out }: RuleContext): void {
  let experiments = 0;
  walkConfig(config, {
    domain: ({ depth, pointer }) => {
      if (depth === LIMITS.domainDepth + 1) {
        out.error(pointer, "domain-too-deep", `domains are nested ${depth} deep here; the limit is ${LIMITS.domainDepth} — flatten the traffic split`);
      }
    },
    experiment: ({ pointer }) => {
      if (++experiments === LIMITS.experiments + 1) {
        out.error(pointer, "too-many-experiments", `the config has more than ${LIMITS.experiments} experiments — remove finished ones or split the config`);
      }
    },
  });
}
