/**
 * `withStrata`: wraps a web-standard handler `(request, info) => Response` so it receives the
 * request's decision as a third argument; the unit cookie is added to its response and the
 * request's exposures are flushed once the response is done (on Deno, once it has been sent).
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
 * Flushes the request's exposures when its response is done: on Deno when `info.completed`
 * settles (the response, streamed body included, has been sent, or could not be), elsewhere at
 * once, when the handler has returned its Response. The resolution's `whenPending` callback.
 */
function flushWhenSent(info: unknown, flush: () => void): void {
  const completed = (info as { completed?: unknown } | null | undefined)?.completed;
  if (completed !== null && typeof completed === "object" && typeof (completed as PromiseLike<unknown>).then === "function") {
    (completed as PromiseLike<unknown>).then(flush, flush);
  } else flush();
}

/** Names what a handler returned instead of a Response, for the error message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? `an object (${Object.prototype.toString.call(value).slice(8, -1)})` : `a ${typeof value}`;
}

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
    if (typeof (response as Partial<Response> | null | undefined)?.headers?.get !== "function") {
      resolution.flush();
      throw new TypeError(`withStrata: the handler returned ${describeValue(response)}; it must return (or resolve to) a Response`);
    }
    const headers: [string, string][] = [];
    if (resolution.setCookie !== undefined) headers.push(["set-cookie", resolution.setCookie]);
    if (resolution.debugHeader !== undefined) headers.push([DEBUG_HEADER, resolution.debugHeader]);
    try {
      return appendHeaders(response, headers);
    } finally {
      // Parameters read while a streamed body is produced still join the request's one batch on
      // Deno; where the runtime says nothing about the end of the response, they follow singly.
      resolution.whenPending(flushWhenSent, info);
    }
  };
  return Object.assign(serve, { engine: core.engine });
}
