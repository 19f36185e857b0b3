/**
 * Parameter ownership (the paper's rule that makes overlapping layers safe): within a domain a
 * parameter belongs to at most one normal layer; on any path from the root domain down through
 * nested domains it belongs to at most one launch layer (one launch value per unit) and is served by
 * at most one normal layer (a nested domain's normal layer may take a parameter over from the
 * normal layer whose slot holds its domain, but may not sit under a launch layer's slot while a normal
 * layer beside that launch layer owns the parameter); the root domain's
 * normal layers together own every parameter exactly once; the layers of a nested domain own
 * only parameters of the layer whose slot holds the domain; and a group sets only parameters of
 * its own layer. Every parameter named anywhere must be declared in `params`.
 * @module
 */
import { listNames } from "../describe.ts";
import { child } from "../pointer.ts";
import { didYouMean } from "../suggest.ts";
import type { LayerConfig } from "../types.ts";
import { walkConfig, type DomainVisit } from "../walk.ts";
import { isRecord, keys, list, str, type RuleContext } from "./context.ts";

interface Owner {
  readonly layer: string;
  /** The layer's pointer. */
  readonly pointer: string;
  /** The pointer of the layer's `params` entry naming the parameter. */
  readonly entry: string;
}

/** A layer's claim on a parameter, kept to be checked against the enclosing domains. */
interface NestedOwnership {
  readonly name: string;
  readonly owner: Owner;
  readonly domain: DomainVisit;
}

/** Reports undeclared parameters, parameters owned twice or not at all, and groups setting another layer's parameters. */
export function parameterOwnership({ config, out }: RuleContext): void {
  const declared = new Set(keys(config.params));
  // With "params" itself malformed, "not declared" would only repeat that problem.
  const paramsReadable = isRecord(config.params);
  const unknown = (name: string, at: string) => {
    if (!paramsReadable) return;
    out.error(at, "unknown-param", `${JSON.stringify(name)} is not declared in "params"${didYouMean(name, declared)} — add it there with its default value`);
  };
  // Per domain: the normal and launch owner of each parameter.
  const owners = new Map<DomainVisit["domain"], { normal: Map<string, Owner>; launch: Map<string, Owner> }>();
  let root: { normal: Map<string, Owner> } | undefined;
  // Each parent layer's parameters as a set, built once however many nested layers check against it.
  const paramSets = new Map<LayerConfig, ReadonlySet<string>>();
  const paramSetOf = (layer: LayerConfig): ReadonlySet<string> => {
    let set = paramSets.get(layer);
    if (set === undefined) paramSets.set(layer, (set = new Set(list(layer.params).filter((p): p is string => typeof p === "string"))));
    return set;
  };
  const launchOwnerships: NestedOwnership[] = [];
  const nestedNormalOwnerships: NestedOwnership[] = [];

  walkConfig(config, {
    domain: (visit) => {
      const table = { normal: new Map<string, Owner>(), launch: new Map<string, Owner>() };
      owners.set(visit.domain, table);
      if (visit.depth === 0) root = table;
    },
    layer: ({ layer, pointer, domain }) => {
      const table = owners.get(domain.domain)!;
      const launch = layer.launch === true;
      const parent = domain.slot?.layer.layer;
      const parentParams = parent === undefined ? undefined : paramSetOf(parent);
      const layerId = str(layer.id) ?? "?";
      list(layer.params).forEach((value, index) => {
        const name = str(value);
        if (name === undefined) return;
        const at = child(pointer, "params", index);
        if (!declared.has(name)) return unknown(name, at);
        if (parentParams !== undefined && !parentParams.has(name)) {
          return out.error(
            at,
            "param-outside-parent",
            `${JSON.stringify(name)} is not a parameter of the layer ${JSON.stringify(str(parent?.id) ?? "?")} whose slot holds this domain — ` +
              `the layers of a nested domain may only own their parent layer's parameters; add it there or remove it here`,
          );
        }
        const kind = launch ? table.launch : table.normal;
        const owner = kind.get(name);
        if (owner !== undefined && owner.pointer !== pointer) {
          return out.error(
            at,
            "param-owned-twice",
            `${JSON.stringify(name)} is already owned by the ${launch ? "launch" : "normal"} layer ${JSON.stringify(owner.layer)} (${owner.pointer}) in this domain — ` +
              `a parameter belongs to one normal layer and at most one launch layer per domain; move the experiments that set it into one layer`,
          );
        }
        const owned = { layer: layerId, pointer, entry: at };
        kind.set(name, owned);
        if (launch) launchOwnerships.push({ name, owner: owned, domain });
        else if (domain.slot !== undefined) nestedNormalOwnerships.push({ name, owner: owned, domain });
      });
    },
  });

  // A launch layer and one in an enclosing domain both owning a parameter: two launch values for one unit.
  for (const { name, owner, domain } of launchOwnerships) {
    for (let outer = domain.slot?.layer.domain; outer !== undefined; outer = outer.slot?.layer.domain) {
      const enclosing = owners.get(outer.domain)?.launch.get(name);
      if (enclosing === undefined) continue;
      out.error(
        owner.entry,
        "param-owned-twice",
        `${JSON.stringify(name)} is already owned by the launch layer ${JSON.stringify(enclosing.layer)} (${enclosing.entry}) of the enclosing domain ` +
          `${JSON.stringify(str(outer.domain.id) ?? "?")}, so units reach two launch layers for it (this one, ${JSON.stringify(owner.layer)}, at ${owner.entry}) — ` +
          `a parameter belongs to at most one launch layer on any path through nested domains; remove it from the "params" of one of the two and move that layer's launch experiments to the other`,
      );
      break;
    }
  }

  // A normal layer in a domain reached through a launch layer's slot, while a normal layer of the
  // enclosing domain owns the parameter too: a unit is in an experiment of each, both setting it.
  // Walking up, the first normal layer found owning the parameter must be the one whose slot leads here.
  for (const { name, owner, domain } of nestedNormalOwnerships) {
    for (let below = domain; below.slot !== undefined; below = below.slot.layer.domain) {
      const holder = below.slot.layer;
      if (holder.layer.launch !== true) break;
      const outer = holder.domain;
      const enclosing = owners.get(outer.domain)?.normal.get(name);
      if (enclosing === undefined) continue;
      out.error(
        owner.entry,
        "param-owned-twice",
        `${JSON.stringify(name)} is already owned by the normal layer ${JSON.stringify(enclosing.layer)} (${enclosing.entry}) of the enclosing domain ` +
          `${JSON.stringify(str(outer.domain.id) ?? "?")}, and this layer's domain is reached through a slot of the launch layer ${JSON.stringify(str(holder.layer.id) ?? "?")} (${holder.pointer}), ` +
          `so units are in an experiment of both normal layers setting it (this one, ${JSON.stringify(owner.layer)}, at ${owner.entry}) — ` +
          `a parameter belongs to exactly one normal layer on any path through nested domains; remove it from this layer's "params" and set it in ${JSON.stringify(enclosing.layer)}, ` +
          `or move the domain into a slot of ${JSON.stringify(enclosing.layer)}`,
      );
      break;
    }
  }

  // Second pass, once every layer's parameters are known.
  walkConfig(config, {
    experiment: ({ experiment, pointer, slot }) => {
      const layer: LayerConfig = slot.layer.layer;
      const own = new Set(list(layer.params).filter((p): p is string => typeof p === "string"));
      const domainTable = owners.get(slot.layer.domain.domain);
      list(experiment.groups).forEach((group, groupIndex) => {
        if (!isRecord(group)) return;
        for (const name of keys(group.params)) {
          const at = child(pointer, "groups", groupIndex, "params", name);
          if (!declared.has(name)) {
            unknown(name, at);
            continue;
          }
          if (own.has(name)) continue;
          const elsewhere = domainTable?.normal.get(name) ?? domainTable?.launch.get(name);
          const hint =
            elsewhere === undefined
              ? `add it to this layer's "params" (${own.size === 0 ? "it owns none" : `it owns ${listNames([...own], "and")}`})`
              : `it belongs to the layer ${JSON.stringify(elsewhere.layer)} (${elsewhere.pointer}): move this override to an experiment in that layer`;
          out.error(
            at,
            "param-not-in-layer",
            `the group sets ${JSON.stringify(name)}, which the experiment's layer ${JSON.stringify(str(layer.id) ?? "?")} does not own — ${hint}`,
          );
        }
      });
    },
  });

  // Ownership at the root is only judged when every root layer is readable.
  const rootLayers = isRecord(config.domain) ? config.domain.layers : undefined;
  const rootReadable = Array.isArray(rootLayers) && rootLayers.every((layer) => isRecord(layer) && Array.isArray(layer.params));
  if (root === undefined || !rootReadable) return;
  for (const name of declared) {
    if (root.normal.has(name)) continue;
    out.error(
      child("/params", name),
      "param-unowned",
      `no normal layer of the root domain owns ${JSON.stringify(name)} — add it to the "params" of exactly one root layer (the root's layers together own every parameter)`,
    );
  }
}
