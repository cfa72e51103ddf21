import type { InstantlyFetchClient } from "../../generated/client.gen.js";

/**
 * Client-side request budget shared by every request and retry of one client. Sends are spaced
 * evenly at 95% of the slower limit: the server counts arrivals, and jitter packs them closer.
 */
export interface RateLimitOptions {
  perSecond?: number;
  perMinute?: number;
}

/** Receives diagnostics; the data never contains the API key. */
export interface Logger {
  debug?(message: string, data?: Record<string, unknown>): void;
  warn?(message: string, data?: Record<string, unknown>): void;
}

/** Options of `createInstantlyClient`. */
export interface InstantlyClientOptions {
  apiKey: string;
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  /** Per attempt, default 60_000. */
  timeoutMs?: number;
  /** Default 2, i.e. at most 3 attempts. */
  maxRetries?: number;
  userAgent?: string;
  rateLimit?: RateLimitOptions | false;
  logger?: Logger;
  /** Receives one record per attempt (what the API answered), with the API key redacted. */
  onExchange?: (record: ExchangeRecord) => void;
  /** Also put each response body (as text) in the records of `onExchange`. Default false. */
  exchangeBodies?: boolean;
}

/** One attempt of a request and what came back, as given to `onExchange`. */
export interface ExchangeRecord {
  /** When the attempt was sent (ISO 8601). */
  at: string;
  method: string;
  path: string;
  /** 1-based. */
  attempt: number;
  /** The response's status; absent when no response arrived (see `failure`). */
  status?: number;
  failure?: "timeout" | "connection" | "abort";
  /** What the connection failure said, if any. */
  error?: string;
  /** From sending to the last byte of the response (or the failure). */
  ms: number;
  /**
   * The response headers that say how the API decided: rate limits (`x-ratelimit-*`,
   * `ratelimit-*`), `retry-after`, `retry-after-ms`, request ids, `content-type`, `server`,
   * `cf-ray`. Names in lower case.
   */
  headers: Record<string, string>;
  /** The response body as received, with `exchangeBodies: true`. */
  body?: string;
}

/** One failed attempt that is about to be retried. */
export interface RetryEvent {
  /** 1-based number of the attempt that failed. */
  attempt: number;
  reason: "rate-limited" | "server-error" | "timeout" | "connection";
  status?: number;
  delayMs: number;
  /** True when the failed attempt may have been applied by the server (5xx, timeout, connection). */
  replay: boolean;
}

/** Retry policy of one request, see `InstantlyClient.fetchWith`. */
export interface RequestPolicy {
  /** Also retry 5xx, timeouts and dropped connections. */
  replaySafe?: boolean;
  /**
   * A 429 means nothing was applied: with a budget > 0, 429s are retried regardless of the client's
   * `maxRetries` for as long as this many milliseconds have not passed since the request's first
   * 429 (waits grow up to a minute when the API sends no Retry-After; a Retry-After longer than
   * what is left ends the wait at once). 0 or absent: 429s count against `maxRetries`.
   */
  rateLimitPatienceMs?: number;
  onRetry?: (event: RetryEvent) => void;
  /**
   * Called with each attempt's answer or failure and how long it took from sending (after any
   * wait for the rate limiter) to the whole answer: the server's latency, for a caller that adapts
   * its concurrency to it. An attempt the caller's abort cut short is told as `failure: "abort"`:
   * it had been sent, so the server may have applied it.
   */
  onAttempt?: (attempt: AttemptTiming) => void;
  /**
   * Once this aborts, no attempt starts (neither a retry nor a first attempt still waiting for the
   * rate limiter) and the request rejects with InstantlyAbortError; an attempt already sent runs on
   * until it is answered or the request's own signal aborts it (importLeads' `abortGraceMs`).
   */
  noMoreAttempts?: AbortSignal;
}

/** One attempt as `RequestPolicy.onAttempt` sees it. */
export interface AttemptTiming {
  /** The answer's status; absent when none arrived (see `failure`). */
  status?: number;
  failure?: "timeout" | "connection" | "abort";
  /** From sending to the whole answer (or the failure). */
  ms: number;
}

/** The typed openapi-fetch client with authentication, retries and rate limiting installed. */
export interface InstantlyClient extends InstantlyFetchClient {
  /** A fetch for one request with its own retry policy; pass it as the request's `fetch` option:
   *  client.POST("/api/v2/leads/add", { body, signal, fetch: client.fetchWith({ replaySafe: true, onRetry }) }) */
  fetchWith(policy: RequestPolicy): (request: Request) => Promise<Response>;
  /**
   * Requests per second the client's rate limit allows at most (its slowest window); undefined
   * with `rateLimit: false`.
   */
  readonly requestRate?: number | undefined;
}
