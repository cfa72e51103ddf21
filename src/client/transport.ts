// The client's fetch: each request is prepared once, then attempted until it has an answer to
// give, with `retry.ts` deciding whether and when to try again.
import { sleepUnlessAborted, throwIfAborted } from "./abort.js";
import { runAttempt } from "./attempt.js";
import type { RequestPolicy } from "./client-types.js";
import { InstantlyError } from "./errors.js";
import { failureError } from "./failure-error.js";
import { prepareRequest, requestLabel } from "./prepared-request.js";
import { recordResponseOrigin } from "./response-origin.js";
import { LONG_RETRY_AFTER_MS, RetryBudget } from "./retry.js";
import {
  transportContext,
  type TransportContext,
  type TransportOptions,
} from "./transport-context.js";

/** Returns `fetchWith`: a fetch per retry policy, all sharing the client's key, limiter and logger. */
export function createTransport(
  options: TransportOptions,
): (policy: RequestPolicy) => (request: Request) => Promise<Response> {
  const context = transportContext(options);
  return function fetchWith(policy: RequestPolicy): (request: Request) => Promise<Response> {
    const patience = policy.rateLimitPatienceMs;
    if (patience !== undefined && !(Number.isFinite(patience) && patience >= 0)) {
      throw new InstantlyError(
        `fetchWith: rateLimitPatienceMs must be a non-negative number of milliseconds (got ${patience})`,
      );
    }
    return (request) => sendWithRetries(context, request, policy);
  };
}

/** Attempts a request until it has an answer to give, or fails with the last attempt's error. */
async function sendWithRetries(
  context: TransportContext,
  request: Request,
  policy: RequestPolicy,
): Promise<Response> {
  throwIfAborted(request.signal, requestLabel(request));
  const prepared = await prepareRequest(request, context.apiKey);
  const { label } = prepared;
  const budget = new RetryBudget(policy, context.maxRetries);
  // Waits before an attempt (for the limiter, between attempts) also end when no more may start.
  const beforeAttempt =
    policy.noMoreAttempts === undefined
      ? request.signal
      : AbortSignal.any([request.signal, policy.noMoreAttempts]);
  for (let number = 1; ; number++) {
    throwIfAborted(beforeAttempt, label);
    const outcome = await runAttempt(context, prepared, number, policy, beforeAttempt);
    const retry = budget.next(outcome, number);
    if (!retry) {
      if (outcome.kind !== "response") {
        throw failureError(outcome, { label, attempts: number, policy }, context);
      }
      recordResponseOrigin(outcome.response, request.method, request.url);
      return outcome.response;
    }
    const { serverRequested, ...event } = retry;
    // A server-requested wait holds every request of the client, not only this one.
    if (event.reason === "rate-limited" && serverRequested)
      context.limiter?.pauseFor(event.delayMs);
    context.log(
      "warn",
      event.delayMs > LONG_RETRY_AFTER_MS
        ? "Instantly API asked for a long wait before retrying"
        : "Instantly API retrying",
      { request: label, ...event },
    );
    policy.onRetry?.(event);
    await sleepUnlessAborted(event.delayMs, beforeAttempt, label);
  }
}
