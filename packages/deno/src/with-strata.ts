/**
 * `withStrata`: wraps a web-standard handler `(request, info) => Response` so it receives the
 * request's decision as a third argument; the unit cookie is added to its response and the
 * request's exposures are flushed once the response is produced.
 * @module
 */
import { createStrataHttp, DEBUG_HEADER, fromWebRequest, type Engine, type RequestDecision, type StrataHttpOptions } from "@strata/http";
import { appendHeaders } from "./response-headers.ts";

/** A handler that also receives the request's decision. `info` is whatever your runtime passes second (Deno's ServeHandlerInfo, Bun's server, a Worker's env). */
export type StrataHandler<I> = (request: Request, info: I, decision: RequestDecision) => Response | Promise<Response>;

/** Options of `withStrata`: the shared `@strata/http` options plus `trustProxy`. */
export interface WithStrataOptions extends StrataHttpOptions<Request> {
  /** Trust the first `X-Forwarded-Proto` value to decide whether the request was HTTPS (behind your own proxy); default false. */
  readonly trustProxy?: boolean;
}

/** The wrapped handler; `engine` is the engine deciding (`engine.update(config)` hot-reloads). */
export type StrataServeHandler<I> = ((request: Request, info: I) => Promise<Response>) & { readonly engine: Engine };

/**
 * Wraps `handler` for `Deno.serve`, `Bun.serve` or a Worker's `fetch`: it gets the decision
 * as its third argument. Throws a TypeError naming the option when an option is wrong.
 */
export function withStrata<I = unknown>(handler: StrataHandler<I>, options: WithStrataOptions): StrataServeHandler<I> {
  if (typeof handler !== "function") throw new TypeError("withStrata(handler, options): handler must be a function (request, info, decision) => Response");
  if (options === null || typeof options !== "object") throw new TypeError("withStrata(handler, options): options must be an object such as { config }");
  const core = createStrataHttp<Request>(options);
  const requestOptions = { trustProxy: options.trustProxy === true };
  const serve = async (request: Request, info: I): Promise<Response> => {
    const resolution = await core.resolveNow(fromWebRequest(request, requestOptions), request);
    let response: Response;
    try {
      response = await handler(request, info, resolution.decision);
    } catch (error) {
      resolution.flush();
      throw error;
    }
    const headers: [string, string][] = [];
    if (resolution.setCookie !== undefined) headers.push(["set-cookie", resolution.setCookie]);
    if (resolution.debugHeader !== undefined) headers.push([DEBUG_HEADER, resolution.debugHeader]);
    const out = appendHeaders(response, headers);
    resolution.flush();
    return out;
  };
  return Object.assign(serve, { engine: core.engine });
}
