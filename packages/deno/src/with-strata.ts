/**
 * `withStrata`: wraps a web-standard handler `(request, info) => Response` so it receives the
 * request's decision as a third argument; the unit cookie is added to its response and the
 * request's exposures are flushed once the response is done (on Deno, once it has been sent).
 * @module
 */
import { createStrataHttp, DEBUG_HEADER, fromWebRequest, type Engine, type FlushExposures, type RequestDecision, type StrataHttpOptions } from "@strata/http";
import { appendHeaders } from "./response-headers.ts";

/**
 * A handler that also receives the request's decision. `info` is whatever your runtime passes
 * second (Deno's ServeHandlerInfo, Bun's server, a Worker's env), and `context` what it passes
 * third (a Worker's `ctx`; undefined on Deno and Bun).
 */
export type StrataHandler<I, C = unknown> = (request: Request, info: I, decision: RequestDecision, context: C | undefined) => Response | undefined | Promise<Response | undefined>;

/** Options of `withStrata`: the shared `@strata/http` options plus `trustProxy`. */
export interface WithStrataOptions extends StrataHttpOptions<Request> {
  /** Trust the first `X-Forwarded-Proto` value to decide whether the request was HTTPS (behind your own proxy); default false. */
  readonly trustProxy?: boolean;
}

/** The wrapped handler; `engine` is the engine deciding (`engine.update(config)` hot-reloads). */
export type StrataServeHandler<I, C = unknown> = ((request: Request, info: I, context?: C) => Promise<Response>) & { readonly engine: Engine };

/**
 * Flushes the request's exposures when its response is done: on Deno when `info.completed`
 * settles (the response, streamed body included, has been sent, or could not be), elsewhere at
 * once, when the handler has returned its Response. The resolution's `whenPending` callback.
 */
function flushWhenSent(info: unknown, flush: FlushExposures): void {
  const completed = (info as { completed?: unknown } | null | undefined)?.completed;
  if (completed !== null && typeof completed === "object" && typeof (completed as PromiseLike<unknown>).then === "function") {
    (completed as PromiseLike<unknown>).then(flush, flush);
  } else flush();
}

/** What a Worker passes third: `ctx.waitUntil` keeps the Worker alive for a promise after the response. */
interface WaitUntilContext {
  waitUntil(promise: PromiseLike<unknown>): void;
}

function hasWaitUntil(context: unknown): context is WaitUntilContext {
  return context !== null && typeof context === "object" && typeof (context as { waitUntil?: unknown }).waitUntil === "function";
}

/** On Workers: flushes when the handler has returned, and hands `onExposure`'s promise to `ctx.waitUntil`, so the runtime does not stop before it settles. */
function flushKeepingAlive(context: WaitUntilContext, flush: FlushExposures): void {
  const delivered = flush();
  if (delivered !== undefined) {
    try {
      context.waitUntil(delivered);
    } catch {
      // A context that refuses (the response is long gone): the delivery goes on regardless.
    }
  }
}

/** Flushes at once (the handler threw or returned no Response), keeping a Worker alive for the delivery. */
function flushNow(flush: FlushExposures, context: unknown): void {
  if (hasWaitUntil(context)) flushKeepingAlive(context, flush);
  else flush();
}

/** True for a Response (or anything with its headers' `get`, as Responses of other realms have). */
function isResponse(value: unknown): value is Response {
  return typeof (value as Partial<Response> | null | undefined)?.headers?.get === "function";
}

/** Names what a handler returned instead of a Response, for the error message. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === "object" ? `an object (${Object.prototype.toString.call(value).slice(8, -1)})` : `a ${typeof value}`;
}

/**
 * Wraps `handler` for `Deno.serve`, `Bun.serve` or a Worker's `fetch`: it gets the decision
 * as its third argument (and a Worker's `ctx` as its fourth). Throws a TypeError naming the
 * option when an option is wrong.
 */
export function withStrata<I = unknown, C = unknown>(handler: StrataHandler<I, C>, options: WithStrataOptions): StrataServeHandler<I, C> {
  if (typeof handler !== "function") throw new TypeError("withStrata(handler, options): handler must be a function (request, info, decision) => Response");
  if (options === null || typeof options !== "object") throw new TypeError("withStrata(handler, options): options must be an object such as { config }");
  const core = createStrataHttp<Request>(options);
  const requestOptions = { trustProxy: options.trustProxy === true };
  const serve = async (request: Request, info: I, context?: C): Promise<Response> => {
    const view = fromWebRequest(request, requestOptions);
    const resolution = await core.resolveNow(view, request);
    let response: Response | undefined;
    try {
      response = await handler(request, info, resolution.decision, context);
    } catch (error) {
      flushNow(resolution.flush, context);
      throw error;
    }
    if (response === undefined && view.headers.get("upgrade") != null) {
      // Bun: after `server.upgrade(request)` the handler returns nothing, and Bun answers the upgrade itself.
      resolution.whenPending(flushWhenSent, info);
      return response as unknown as Response;
    }
    if (!isResponse(response)) {
      flushNow(resolution.flush, context);
      throw new TypeError(`withStrata: the handler returned ${describeValue(response)}; it must return (or resolve to) a Response (returning nothing is only for a request upgraded with Bun's server.upgrade)`);
    }
    const headers: [string, string][] = [];
    if (resolution.setCookie !== undefined) headers.push(["set-cookie", resolution.setCookie]);
    if (resolution.debugHeader !== undefined) headers.push([DEBUG_HEADER, resolution.debugHeader]);
    try {
      return appendHeaders(response, headers);
    } finally {
      // Parameters read while a streamed body is produced still join the request's one batch on
      // Deno; where the runtime says nothing about the end of the response, they follow singly.
      if (hasWaitUntil(context)) resolution.whenPending(flushKeepingAlive, context);
      else resolution.whenPending(flushWhenSent, info);
    }
  };
  return Object.assign(serve, { engine: core.engine });
}
