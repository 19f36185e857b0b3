/**
 * Unique ids: one namespace for domains, layers and experiments (the CLI and `explain` name
 * them by id), group ids unique within their experiment, unit types and a layer's parameters
 * listed once.
 * @module
 */
import { child } from "../pointer.ts";
import { walkConfig } from "../walk.ts";
import { list, str, type RuleContext } from "./context.ts";

/** Reports duplicate ids, group ids, unit types and layer parameters. */
export function uniqueIds({ config, out }: RuleContext): void {
  const seen = new Map<string, { kind: string; pointer: string }>();
  const claim = (kind: string, id: unknown, pointer: string) => {
    const name = str(id);
    if (name === undefined) return;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, { kind, pointer });
      return;
    }
    out.error(
      child(pointer, "id"),
      "duplicate-id",
      `the id ${JSON.stringify(name)} is already used by the ${first.kind} at ${first.pointer} — ids of domains, layers and experiments must be unique; rename one of them`,
    );
  };
  walkConfig(config, {
    domain: ({ domain, pointer }) => claim("domain", domain.id, pointer),
    layer: ({ layer, pointer }) => {
      claim("layer", layer.id, pointer);
      onceEach(layer.params, child(pointer, "params"), (name, at, first) =>
        out.error(at, "duplicate-param", `the parameter ${JSON.stringify(name)} is listed twice in this layer (also at ${first}) — remove one`),
      );
    },
    experiment: ({ experiment, pointer }) => {
      claim("experiment", experiment.id, pointer);
      const groups = list(experiment.groups).map((group) => str((group as { id?: unknown } | null)?.id));
      const firstIndex = new Map<string, number>();
      groups.forEach((id, index) => {
        if (id === undefined) return;
        const first = firstIndex.get(id);
        if (first === undefined) firstIndex.set(id, index);
        else {
          out.error(
            child(pointer, "groups", index, "id"),
            "duplicate-group",
            `the group id ${JSON.stringify(id)} is used twice in this experiment (also groups/${first}) — give each group its own id`,
          );
        }
      });
    },
  });
  onceEach(config.units, "/units", (name, at, first) =>
    out.error(at, "duplicate-unit", `the unit type ${JSON.stringify(name)} is listed twice (also at ${first}) — list each unit type once`),
  );
}

/** Calls `report` for every string of `values` that already appeared earlier. */
function onceEach(values: unknown, pointer: string, report: (name: string, at: string, first: string) => void): void {
  const first = new Map<string, string>();
  list(values).forEach((value, index) => {
    const name = str(value);
    if (name === undefined) return;
    const at = child(pointer, index);
    const earlier = first.get(name);
    if (earlier === undefined) first.set(name, at);
    else report(name, at, earlier);
  });
}
