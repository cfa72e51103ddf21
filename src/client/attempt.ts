// One attempt of a request: a slot from the limiter, the send under the attempt's own timeout, the
// answer read whole, and the exchange logged and reported.
import { abortError, AttemptSignal, throwIfAborted } from "./abort.js";
import { bufferResponse } from "./buffered-response.js";
import type { RequestPolicy } from "./client-types.js";
import { reportExchange } from "./exchange-record.js";
import { describeCause } from "./failure-error.js";
import type { PreparedRequest } from "./prepared-request.js";
import { sendInSlot, takeSlot } from "./rate-wait.js";
import type { TransportContext } from "./transport-context.js";

/** How an attempt ended, when not by the caller's abort (which throws). */
export type AttemptOutcome =
  { kind: "response"; response: Response } | { kind: "timeout" | "connection"; error: unknown };

/**
 * Attempt number `number` (1-based) of a prepared request; `policy.onAttempt` is told how it went.
 * `beforeSending` ends the wait for a slot; once sent, only the request's own signal cuts it.
 */
export async function runAttempt(
  context: TransportContext,
  prepared: PreparedRequest,
  number: number,
  policy: RequestPolicy,
  beforeSending: AbortSignal = prepared.request.signal,
): Promise<AttemptOutcome> {
  const { request, label } = prepared;
  const { apiKey, log } = context;
  const slot = await takeSlot(context.limiter, beforeSending, label);
  throwIfAborted(beforeSending, label);
  const attemptSignal = new AttemptSignal(request.signal, context.timeoutMs);
  const init: RequestInit = { ...prepared.init, signal: attemptSignal.signal };
  const sentAt = Date.now();
  const started = performance.now();
  try {
    const response = await sendInSlot(context.send, request.url, init, slot);
    const { response: buffered, text } = await bufferResponse(
      response,
      apiKey,
      context.onExchange !== undefined && context.exchangeBodies,
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
    reportExchange(context, prepared, {
      at: sentAt,
      attempt: number,
      ms,
      response: buffered,
      body: text,
    });
    return { kind: "response", response: buffered };
  } catch (error) {
    const kind = attemptSignal.failure();
    const ms = elapsed(started);
    log("debug", "Instantly API attempt failed", {
      request: label,
      attempt: number,
      failure: kind,
      ms,
    });
    const cause = kind === "connection" ? describeCause(error) : undefined;
    reportExchange(context, prepared, {
      at: sentAt,
      attempt: number,
      ms,
      failure: kind,
      error: cause,
    });
    policy.onAttempt?.({ failure: kind, ms });
    if (kind === "abort") throw abortError(label, request.signal);
    return { kind, error };
  } finally {
    attemptSignal.dispose();
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
