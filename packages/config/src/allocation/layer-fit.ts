/**
 * Which layers can hold an experiment: a layer of its kind (launch or normal) that owns every
 * parameter its groups set. `allocate` refuses any other with AllocationError
 * `incompatible-layer`, saying why and which layer of the domain would do.
 * @module
 */
import { listNames } from "../describe.ts";
import type { ExperimentConfig, LayerConfig } from "../types.ts";
import { AllocationError, type LayerSpace } from "./change.ts";
import { domainLayers, type ExperimentPlace, type LayerPlace } from "./locate.ts";

/** The parameters the experiment's groups set, each once, in the order the groups first set them. */
export function paramsSet(experiment: ExperimentConfig): string[] {
  return [...new Set(experiment.groups.flatMap((group) => Object.keys(group.params ?? {})))];
}

/** The parameters the experiment's groups set that `layer` does not own. */
export function missingParams(layer: LayerConfig, experiment: ExperimentConfig): string[] {
  const own = new Set(layer.params);
  return paramsSet(experiment).filter((name) => !own.has(name));
}

/** Why a layer that does not own every parameter cannot take the experiment, as `LayerSpace.reason` says it. */
export function notOwnedReason(missing: readonly string[]): string {
  return `it does not own ${listNames(missing, "and")}, which the experiment's groups set`;
}

/** The AllocationError for a named layer of another kind (launch or normal) than the layer the experiment waits in. */
export function otherKindOfLayer(named: LayerPlace, experiment: ExperimentConfig, home: ExperimentPlace): AllocationError {
  const id = JSON.stringify(experiment.id);
  const toLaunch = named.layer.launch === true;
  const [kind, homeKind] = toLaunch ? ["launch", "normal"] : ["normal", "launch"];
  const why = toLaunch
    ? "in a launch layer its groups would only be defaults, which the experiments of the normal layers override"
    : "in a normal layer it would be an experiment, taking buckets from the experiments on its parameters and overriding launches";
  return new AllocationError(
    "incompatible-layer",
    `layer ${JSON.stringify(named.layer.id)} is a ${kind} layer and experiment ${id} waits in the ${homeKind} layer ${JSON.stringify(home.layer.id)}: ${why} — ` +
      `place it in a ${homeKind} layer that owns its parameters, such as ${JSON.stringify(home.layer.id)}, or leave out the layer to let its domain's ${homeKind} layers take it`,
  );
}

/**
 * The AllocationError for layers that do not own every parameter the experiment's groups set:
 * the one named layer, or every candidate layer of a domain (`spaces` says what each lacks). It
 * names the layers of the domain that own each parameter, and one that owns them all if any does.
 */
export function notOwned(experiment: ExperimentConfig, candidates: readonly LayerPlace[], spaces: readonly LayerSpace[], named: boolean): AllocationError {
  const first = candidates[0]!;
  const kind = first.layer.launch === true ? "launch" : "normal";
  const domainName = `${kind} layer of domain ${JSON.stringify(first.domain.id)}`;
  const scope = domainLayers(first.domain, first.domainPointer).filter((place) => (place.layer.launch === true) === (kind === "launch"));
  const wanted = paramsSet(experiment);
  const missing = wanted.filter((name) => candidates.some((candidate) => !candidate.layer.params.includes(name)));
  const owners = missing
    .map((name) => {
      const holders = scope.filter((place) => place.layer.params.includes(name)).map((place) => place.layer.id);
      return holders.length === 0 ? `${JSON.stringify(name)} belongs to no ${domainName}` : `${JSON.stringify(name)} belongs to ${holders.length === 1 ? "layer" : "layers"} ${listNames(holders, "and")}`;
    })
    .join("; ");
  const fitting = scope.filter((place) => !candidates.includes(place) && missingParams(place.layer, experiment).length === 0).map((place) => place.layer.id);
  const rule = "an experiment goes only into a layer that owns every parameter its groups set";
  const split = "split it into experiments that each set the parameters of one layer, or allocate it in another domain whose layer owns them all";
  const id = JSON.stringify(experiment.id);
  if (named) {
    const advice = fitting.length > 0 ? `${rule}: place it in layer ${listNames(fitting)}` : `${rule}, and no ${domainName} owns them all: ${split}`;
    return new AllocationError(
      "incompatible-layer",
      `layer ${JSON.stringify(first.layer.id)} cannot hold experiment ${id}: ${spaces[0]?.reason ?? notOwnedReason(missing)} (${owners}) — ${advice}`,
      spaces,
    );
  }
  return new AllocationError(
    "incompatible-layer",
    `no ${domainName} can hold experiment ${id}: none owns every parameter its groups set (${listNames(wanted, "and")})\n` +
      candidates.map((place) => `  ${JSON.stringify(place.layer.id)} (${place.pointer}): it does not own ${listNames(missingParams(place.layer, experiment), "and")}`).join("\n") +
      `\n${owners} — ${rule}: ${split}`,
    spaces,
  );
}
