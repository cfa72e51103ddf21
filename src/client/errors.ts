import { STATUS_CODES } from "node:http";
import { responseOrigin } from "./response-origin.js";

/** The documented error body of the Instantly API. */
export interface InstantlyErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

/** Base class of every error this package throws. */
export class InstantlyError extends Error {
  static {
    this.prototype.name = "InstantlyError";
  }
}

/** The API answered with a non-2xx status. */
export class InstantlyApiError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyApiError";
  }
  readonly status: number;
  readonly body: InstantlyErrorBody | undefined;
  readonly headers: Headers;

  /** Wraps a non-2xx answer; prefer `apiErrorFromResponse`, which picks the subclass. */
  constructor(
    message: string,
    details: { status: number; body: InstantlyErrorBody | undefined; headers: Headers },
  ) {
    super(message);
    this.status = details.status;
    this.body = details.body;
    this.headers = details.headers;
  }
}

/** 401: the API key is missing, wrong or revoked. */
export class InstantlyAuthenticationError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyAuthenticationError";
  }
}

/** 402: the workspace's plan does not allow the request. */
export class InstantlyPaymentRequiredError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyPaymentRequiredError";
  }
}

/**
 * 403: the API key may lack the scope for this request (adding leads), or a proxy or the API's
 * edge refused the request (e.g. for its User-Agent; then the body is often an HTML page).
 */
export class InstantlyPermissionDeniedError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyPermissionDeniedError";
  }
}

/** 404: e.g. the campaign or list does not exist. */
export class InstantlyNotFoundError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyNotFoundError";
  }
}

/** 429: still rate limited after the retries. */
export class InstantlyRateLimitError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyRateLimitError";
  }
}

/** 5xx: the server failed; the request may or may not have been applied. */
export class InstantlyServerError extends InstantlyApiError {
  static {
    this.prototype.name = "InstantlyServerError";
  }
}

/** The connection failed or dropped before a complete response arrived. */
export class InstantlyConnectionError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyConnectionError";
  }
}

/** An attempt got no complete response within `timeoutMs`: a connection error that ran out of time. */
export class InstantlyTimeoutError extends InstantlyConnectionError {
  static {
    this.prototype.name = "InstantlyTimeoutError";
  }
}

/** The caller's AbortSignal stopped the request. */
export class InstantlyAbortError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyAbortError";
  }
}

const SUBCLASS_BY_STATUS: Record<number, typeof InstantlyApiError> = {
  401: InstantlyAuthenticationError,
  402: InstantlyPaymentRequiredError,
  403: InstantlyPermissionDeniedError,
  404: InstantlyNotFoundError,
  429: InstantlyRateLimitError,
};

// What a user can do about a status whose cause is outside the request itself.
const HINT_BY_STATUS: Record<number, string> = {
  403:
    ". The API key may lack the scope this request needs (adding leads needs a key allowed to" +
    " create leads), or a proxy or the API's edge refused the request (e.g. for its User-Agent;" +
    " the client's userAgent option sets another)",
};

// Non-JSON bodies (proxies, HTML error pages) still say something useful, within reason.
const MAX_TEXT_DETAIL = 200;

/** Builds the right InstantlyApiError subclass from a non-2xx response and its (already parsed, maybe undefined) body. */
export function apiErrorFromResponse(response: Response, body: unknown): InstantlyApiError {
  const status = response.status;
  const errorBody = isErrorBody(body) ? body : undefined;
  const reason = response.statusText || errorBody?.error || STATUS_CODES[status] || "Error";
  const detail = detailOf(body);
  const origin = responseOrigin(response);
  const message =
    `Instantly API ${status} ${reason}` +
    (detail ? `: ${detail}` : "") +
    (origin ? ` (${origin})` : "") +
    (HINT_BY_STATUS[status] ?? "");
  const Subclass =
    SUBCLASS_BY_STATUS[status] ?? (status >= 500 ? InstantlyServerError : InstantlyApiError);
  return new Subclass(message, { status, body: errorBody, headers: response.headers });
}

function isErrorBody(body: unknown): body is InstantlyErrorBody {
  if (typeof body !== "object" || body === null) return false;
  const { statusCode, error, message } = body as Record<string, unknown>;
  return typeof statusCode === "number" && typeof error === "string" && typeof message === "string";
}

function detailOf(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null) {
    const { message } = body as Record<string, unknown>;
    return typeof message === "string" ? message : undefined;
  }
  if (typeof body !== "string") return undefined;
  const text = body.replace(/\s+/g, " ").trim();
  return text.length > MAX_TEXT_DETAIL ? `${text.slice(0, MAX_TEXT_DETAIL)}…` : text || undefined;
}
