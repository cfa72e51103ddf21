import { setTimeout as sleep } from "node:timers/promises";
import {
  InstantlyAbortError,
  InstantlyConnectionError,
  InstantlyError,
  InstantlyTimeoutError,
} from "./errors.js";
import { bufferResponse } from "./buffered-response.js";
import { exchangeHeaders } from "./exchange-record.js";
import type { SlidingWindowLimiter, RateSlot } from "./rate-limit.js";
import { redactData, redactText } from "./redact.js";
import { recordResponseOrigin } from "./response-origin.js";
import { requestBytes } from "./source-request.js";
import {
  backoffMs,
  LONG_RETRY_AFTER_MS,
  MAX_RATE_LIMIT_BACKOFF_MS,
  MAX_TIMER_MS,
  retryAfterMs,
} from "./retry.js";
import type { ExchangeRecord, Logger, RequestPolicy, RetryEvent } from "./client-types.js";

/** Everything the transport needs, already validated by `createInstantlyClient`. */
export interface TransportOptions {
  apiKey: string;
  send: (url: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  maxRetries: number;
  limiter: SlidingWindowLimiter | undefined;
  logger: Logger | undefined;
  onExchange: ((record: ExchangeRecord) => void) | undefined;
  exchangeBodies: boolean;
}

/** A request as read once before its first attempt; every attempt is built from it. */
interface PreparedRequest {
  request: Request;
  label: string;
  path: string;
  init: RequestInit;
}

/** How many retries a request has had so far, by kind. */
interface RetryCounts {
  rateLimited: number;
  other: number;
  /** performance.now() of the first 429: the patience runs from there. */
  firstRateLimitedAt: number | undefined;
}

type AttemptOutcome =
  { kind: "response"; response: Response } | { kind: "timeout" | "connection"; error: unknown };

interface PlannedRetry extends RetryEvent {
  /** The server asked for the wait (Retry-After), so every request of the client honours it. */
  serverRequested: boolean;
}

/** Returns `fetchWith`: a fetch per retry policy, all sharing the client's key, limiter and logger. */
export function createTransport(
  options: TransportOptions,
): (policy: RequestPolicy) => (request: Request) => Promise<Response> {
  const { apiKey, timeoutMs, maxRetries, limiter } = options;
  const log = (level: keyof Logger, message: string, data: Record<string, unknown>) =>
    options.logger?.[level]?.(message, redactData(data, apiKey));

  async function attempt(
    prepared: PreparedRequest,
    number: number,
    policy: RequestPolicy,
  ): Promise<AttemptOutcome> {
    const { request, label } = prepared;
    const slot = await acquire(request.signal, label);
    if (request.signal.aborted) throw abortError(label, request.signal);
    const controller = new AbortController();
    const attemptInit: RequestInit = { ...prepared.init, signal: controller.signal };
    const followCaller = () => controller.abort(request.signal.reason);
    request.signal.addEventListener("abort", followCaller, { once: true });
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const sentAt = Date.now();
    const started = performance.now();
    try {
      const response = await sendStamped(request.url, attemptInit, slot);
      const { response: buffered, text } = await bufferResponse(
        response,
        apiKey,
        options.onExchange !== undefined && options.exchangeBodies,
      );
      slot?.answered(buffered.status);
      const ms = elapsed(started);
      policy.onAttempt?.({ status: buffered.status, ms });
      log("debug", "Instantly API response", {
        request: label,
        attempt: number,
        status: buffered.status,
        ms,
      });
      report(prepared, { at: sentAt, attempt: number, ms, response: buffered, body: text });
      return { kind: "response", response: buffered };
    } catch (error) {
      const kind = request.signal.aborted
        ? "abort"
        : controller.signal.aborted
          ? "timeout"
          : "connection";
      const ms = elapsed(started);
      log("debug", "Instantly API attempt failed", {
        request: label,
        attempt: number,
        failure: kind,
        ms,
      });
      const cause = kind === "connection" ? describeCause(error) : undefined;
      report(prepared, { at: sentAt, attempt: number, ms, failure: kind, error: cause });
      if (kind === "abort") throw abortError(label, request.signal);
      policy.onAttempt?.({ failure: kind, ms });
      return { kind, error };
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", followCaller);
    }
  }

  function report(
    { request, path }: PreparedRequest,
    seen: {
      at: number;
      attempt: number;
      ms: number;
      response?: Response;
      failure?: ExchangeRecord["failure"];
      error?: string | undefined;
      body?: string | undefined;
    },
  ): void {
    if (!options.onExchange) return;
    const record: ExchangeRecord = {
      at: new Date(seen.at).toISOString(),
      method: request.method,
      path,
      attempt: seen.attempt,
      ...(seen.response ? { status: seen.response.status } : {}),
      ...(seen.failure ? { failure: seen.failure } : {}),
      ...(seen.error === undefined ? {} : { error: seen.error }),
      ms: seen.ms,
      headers: seen.response ? exchangeHeaders(seen.response.headers) : {},
      ...(seen.body === undefined ? {} : { body: seen.body }),
    };
    try {
      options.onExchange(redactData(record, apiKey));
    } catch (error) {
      // A broken trace must not fail (or double-send) a request the API may have applied.
      log("warn", "onExchange threw; the exchange is not recorded", {
        request: `${request.method} ${path}`,
        error: describeCause(error),
      });
    }
  }

  async function acquire(signal: AbortSignal, label: string): Promise<RateSlot | undefined> {
    try {
      return await limiter?.acquire(signal);
    } catch {
      throw abortError(label, signal);
    }
  }

  // The body is read once, into bytes, and each attempt's Request is built from them (a clone per
  // attempt would tee the whole body every time; a Blob would be streamed in small chunks).
  async function prepare(request: Request): Promise<PreparedRequest> {
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${apiKey}`);
    const body = await requestBytes(request);
    const path = redactText(new URL(request.url).pathname, apiKey);
    return {
      request,
      label: `${request.method} ${path}`,
      path,
      init: { method: request.method, headers, body, redirect: request.redirect },
    };
  }

  function sendStamped(
    url: string,
    init: RequestInit,
    slot: RateSlot | undefined,
  ): Promise<Response> {
    try {
      return options.send(url, init);
    } finally {
      slot?.markSent();
    }
  }

  function planRetry(
    outcome: AttemptOutcome,
    policy: RequestPolicy,
    number: number,
    counts: RetryCounts,
  ): PlannedRetry | undefined {
    const patience = policy.rateLimitPatienceMs ?? 0;
    // With a patience, 429s have their own budget and only the other retries count here.
    const retries = patience > 0 ? counts.other : number - 1;
    const rateLimited = outcome.kind === "response" && outcome.response.status === 429;
    if (outcome.kind !== "response") {
      if (!policy.replaySafe || retries >= maxRetries) return undefined;
      return {
        attempt: number,
        reason: outcome.kind,
        delayMs: backoffMs(retries + 1),
        replay: true,
        serverRequested: false,
      };
    }
    const { status, headers } = outcome.response;
    if (!rateLimited && !(status >= 500 && policy.replaySafe)) return undefined;
    const requested = retryAfterMs(headers);
    // A wait no timer can run cannot be honoured: the caller gets the answer instead.
    if (requested !== undefined && requested > MAX_TIMER_MS) return undefined;
    let delayMs: number;
    if (rateLimited && patience > 0) {
      // Measured on the clock, not summed from the waits: a Retry-After of 0 must not loop forever.
      const left =
        patience - (performance.now() - (counts.firstRateLimitedAt ?? performance.now()));
      if (left <= 0 || (requested !== undefined && requested > left)) return undefined;
      delayMs =
        requested ??
        Math.min(left, backoffMs(counts.rateLimited + 1, Math.random, MAX_RATE_LIMIT_BACKOFF_MS));
    } else {
      if (retries >= maxRetries) return undefined;
      delayMs = requested ?? backoffMs(retries + 1);
    }
    return {
      attempt: number,
      reason: rateLimited ? "rate-limited" : "server-error",
      status,
      delayMs,
      replay: !rateLimited,
      serverRequested: requested !== undefined,
    };
  }

  async function send(request: Request, policy: RequestPolicy): Promise<Response> {
    if (request.signal.aborted) throw abortError(requestLabel(request), request.signal);
    const prepared = await prepare(request);
    const { label } = prepared;
    const counts: RetryCounts = { rateLimited: 0, other: 0, firstRateLimitedAt: undefined };
    for (let number = 1; ; number++) {
      if (request.signal.aborted) throw abortError(label, request.signal);
      const outcome = await attempt(prepared, number, policy);
      if (outcome.kind === "response" && outcome.response.status === 429) {
        counts.firstRateLimitedAt ??= performance.now();
      }
      const retry = planRetry(outcome, policy, number, counts);
      if (!retry) {
        if (outcome.kind !== "response") throw failureError(outcome, label, number, policy);
        recordResponseOrigin(outcome.response, request.method, request.url);
        return outcome.response;
      }
      const { serverRequested, ...event } = retry;
      if (event.reason === "rate-limited") {
        counts.rateLimited += 1;
        if (serverRequested) limiter?.pauseFor(event.delayMs);
      } else {
        counts.other += 1;
      }
      log(
        "warn",
        event.delayMs > LONG_RETRY_AFTER_MS
          ? "Instantly API asked for a long wait before retrying"
          : "Instantly API retrying",
        { request: label, ...event },
      );
      policy.onRetry?.(event);
      try {
        await sleep(event.delayMs, undefined, { signal: request.signal });
      } catch {
        throw abortError(label, request.signal);
      }
    }
  }

  function failureError(
    outcome: Exclude<AttemptOutcome, { kind: "response" }>,
    label: string,
    attempts: number,
    policy: RequestPolicy,
  ): InstantlyError {
    const why = policy.replaySafe
      ? `after ${attempts} attempt${attempts === 1 ? "" : "s"}`
      : `not retried: the request is not marked safe to replay`;
    if (outcome.kind === "timeout") {
      return new InstantlyTimeoutError(
        `Instantly API request ${label} timed out after ${timeoutMs} ms (${why})`,
      );
    }
    const cause = redactText(describeCause(outcome.error), apiKey);
    return new InstantlyConnectionError(`Instantly API request ${label} failed: ${cause} (${why})`);
  }

  return function fetchWith(policy: RequestPolicy): (request: Request) => Promise<Response> {
    const patience = policy.rateLimitPatienceMs;
    if (patience !== undefined && !(Number.isFinite(patience) && patience >= 0)) {
      throw new InstantlyError(
        `fetchWith: rateLimitPatienceMs must be a non-negative number of milliseconds (got ${patience})`,
      );
    }
    return (request) => send(request, policy);
  };
}

function requestLabel(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

function abortError(label: string, signal: AbortSignal): InstantlyAbortError {
  return new InstantlyAbortError(`Instantly API request ${label} was aborted`, {
    cause: signal.reason,
  });
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

// undici reports "fetch failed" and keeps the useful part ("other side closed", ECONNREFUSED) in causes.
function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 3;
    current = current.cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    parts.push(
      typeof code === "string" && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message,
    );
  }
  return parts.join(": ") || String(error);
}
