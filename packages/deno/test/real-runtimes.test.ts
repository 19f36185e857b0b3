import { describeAdapter } from "../../http/test/support/adapter-suite.ts";
import { startRuntimeServer } from "./support/runtime-process.ts";

describeAdapter("@strata/deno on Deno (Deno.serve)", () => startRuntimeServer("deno"));
describeAdapter("@strata/deno on Bun (Bun.serve)", () => startRuntimeServer("bun"));
