import { setTimeout as sleep } from "node:timers/promises";
import {
  InstantlyAbortError,
  InstantlyConnectionError,
  InstantlyError,
  InstantlyTimeoutError,
} from "./errors.js";
import { bufferResponse } from "./buffered-response.js";
import type { SlidingWindowLimiter, RateSlot } from "./rate-limit.js";
import { redactData, redactText } from "./redact.js";
import { recordResponseOrigin } from "./response-origin.js";
import { backoffMs, LONG_RETRY_AFTER_MS, MAX_TIMER_MS, retryAfterMs } from "./retry.js";
import type { Logger, RequestPolicy, RetryEvent } from "./types.js";

/** Everything the transport needs, already validated by `createInstantlyClient`. */
export interface TransportOptions {
  apiKey: string;
  fetch: (request: Request) => Promise<Response>;
  timeoutMs: number;
  maxRetries: number;
  limiter: SlidingWindowLimiter | undefined;
  logger: Logger | undefined;
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

  async function attempt(request: Request, label: string, number: number): Promise<AttemptOutcome> {
    const slot = await acquire(request.signal, label);
    if (request.signal.aborted) throw abortError(label, request.signal);
    const controller = new AbortController();
    const attemptRequest = authorize(request, controller.signal);
    const followCaller = () => controller.abort(request.signal.reason);
    request.signal.addEventListener("abort", followCaller, { once: true });
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    try {
      const response = await sendStamped(attemptRequest, slot);
      const buffered = await bufferResponse(response, apiKey);
      log("debug", "Instantly API response", {
        request: label,
        attempt: number,
        status: buffered.status,
        ms: elapsed(started),
      });
      return { kind: "response", response: buffered };
    } catch (error) {
      const kind = request.signal.aborted
        ? "abort"
        : controller.signal.aborted
          ? "timeout"
          : "connection";
      log("debug", "Instantly API attempt failed", {
        request: label,
        attempt: number,
        failure: kind,
        ms: elapsed(started),
      });
      if (kind === "abort") throw abortError(label, request.signal);
      return { kind, error };
    } finally {
      clearTimeout(timer);
      request.signal.removeEventListener("abort", followCaller);
    }
  }

  async function acquire(signal: AbortSignal, label: string): Promise<RateSlot | undefined> {
    try {
      return await limiter?.acquire(signal);
    } catch {
      throw abortError(label, signal);
    }
  }

  // A fresh clone per attempt keeps the original body unread, so every attempt can send it.
  function authorize(request: Request, signal: AbortSignal): Request {
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${apiKey}`);
    return new Request(request.clone(), { headers, signal });
  }

  function sendStamped(request: Request, slot: RateSlot | undefined): Promise<Response> {
    try {
      return options.fetch(request);
    } finally {
      slot?.markSent();
    }
  }

  function planRetry(
    outcome: AttemptOutcome,
    policy: RequestPolicy,
    number: number,
  ): PlannedRetry | undefined {
    if (number > maxRetries) return undefined;
    if (outcome.kind !== "response") {
      if (!policy.replaySafe) return undefined;
      return {
        attempt: number,
        reason: outcome.kind,
        delayMs: backoffMs(number),
        replay: true,
        serverRequested: false,
      };
    }
    const { status, headers } = outcome.response;
    const rateLimited = status === 429;
    if (!rateLimited && !(status >= 500 && policy.replaySafe)) return undefined;
    const requested = retryAfterMs(headers);
    // A wait no timer can run cannot be honoured: the caller gets the answer instead.
    if (requested !== undefined && requested > MAX_TIMER_MS) return undefined;
    return {
      attempt: number,
      reason: rateLimited ? "rate-limited" : "server-error",
      status,
      delayMs: requested ?? backoffMs(number),
      replay: !rateLimited,
      serverRequested: requested !== undefined,
    };
  }

  async function send(request: Request, policy: RequestPolicy): Promise<Response> {
    const label = `${request.method} ${new URL(request.url).pathname}`;
    for (let number = 1; ; number++) {
      if (request.signal.aborted) throw abortError(label, request.signal);
      const outcome = await attempt(request, label, number);
      const retry = planRetry(outcome, policy, number);
      if (!retry) {
        if (outcome.kind !== "response") throw failureError(outcome, label, number, policy);
        recordResponseOrigin(outcome.response, request.method, request.url);
        return outcome.response;
      }
      const { serverRequested, ...event } = retry;
      if (serverRequested && event.reason === "rate-limited") limiter?.pauseFor(event.delayMs);
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
    return (request) => send(request, policy);
  };
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
