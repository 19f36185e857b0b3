/**
 * An Express request seen through the core's small request interface: Node's headers object
 * (`req.headers`, lower-case keys) behind `get(name)`, and the URL, `method` and `secure` read
 * only when asked for (`secure` only when a cookie is written).
 * @module
 */
import type { Request } from "express";
import type { HeadersLike, StrataRequest } from "@strata/http";

/** Node's `IncomingHttpHeaders` shape: lower-case names, a string or (for repeated headers) an array. */
export type NodeHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A `get(name)` view of Node's headers; repeated headers are joined with ", ". */
export class NodeHeadersView implements HeadersLike {
  private readonly nodeHeaders: NodeHeaders;

  /** Wraps `req.headers`. */
  constructor(headers: NodeHeaders) {
    this.nodeHeaders = headers;
  }

  /** The header's value (`name` in lower case), or undefined. */
  get(name: string): string | undefined {
    const value = this.nodeHeaders[name];
    return typeof value === "string" ? value : value === undefined ? undefined : value.join(", ");
  }
}

/**
 * The core's view of an Express request, reading only what the core asks for: Express gives
 * every request object a hidden class of its own, so each property read on `req` is a slow
 * lookup; the URL, `method` and `secure` are read lazily. It is a `NodeHeadersView` of
 * `req.headers` and its own `headers` (one object per request rather than two).
 */
export class ExpressRequestView extends NodeHeadersView implements StrataRequest {
  private readonly req: Request;

  /** Wraps an Express request. */
  constructor(req: Request) {
    super(req.headers);
    this.req = req;
  }

  /** The request headers: this view, whose `get(name)` reads `req.headers`. */
  get headers(): HeadersLike {
    return this;
  }

  /** `req.originalUrl` (the URL before any mount path was stripped). */
  get url(): string {
    return this.req.originalUrl ?? this.req.url;
  }

  /** The HTTP method. */
  get method(): string {
    return this.req.method;
  }

  /**
   * `req.secure`: HTTPS, as Express sees it (its `trust proxy` setting decides about
   * X-Forwarded-Proto). Without that header Express answers from the socket alone, and so does
   * this, skipping the getters behind `req.secure`.
   */
  get secure(): boolean {
    if (this.get("x-forwarded-proto") === undefined) return (this.req.socket as { encrypted?: boolean } | null)?.encrypted === true;
    return this.req.secure;
  }
}
