/**
 * What a person at the command line can do about an allocation that failed. The messages of
 * @strata/config's control plane name its own functions (`resize`, `release`, passing a whole
 * experiment object), which `strata` has no command or flag for; this line says which of them
 * exist where, so the advice never names a command that does not exist.
 * @module
 */
import type { AllocationError } from "@strata/config";

/** The CLI's advice for an AllocationError of `strata allocate` (`named`: whether --layer named a layer), or undefined when the library's message says it all. */
export function allocationAdvice(error: AllocationError, named: { readonly layer: boolean }): string | undefined {
  switch (error.code) {
    case "incompatible-layer":
      return named.layer
        ? "name a layer that can hold it with --layer, or leave out --layer: strata allocate then tries the layers of the experiment's domain that own its parameters"
        : "try --domain with a domain that has a layer owning every parameter the experiment sets, or --layer with such a layer";
    case "already-allocated":
      return "to change its traffic, call resize() of @strata/config (the CLI has no command for it: strata allocate only places experiments without buckets)";
    case "no-room":
      return "to make room, shrink experiments with resize() or free stopped ones with release() of @strata/config (the CLI has no command for either), or try --layer or --domain";
    case "unknown-experiment":
      return 'strata allocate takes the id of an experiment in the config: add it to a layer\'s slots with "ranges": [] first (a whole experiment can only be passed to allocate() of @strata/config)';
    default:
      return undefined;
  }
}
