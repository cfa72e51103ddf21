// Waiting for the client's limiter: a slot before each attempt, marked sent as the attempt leaves.
import { abortError } from "./abort.js";
import type { RateSlot, SlidingWindowLimiter } from "./rate-limit.js";

/** Waits for a slot (none without a limiter); the caller's abort ends the wait. */
export async function takeSlot(
  limiter: SlidingWindowLimiter | undefined,
  signal: AbortSignal,
  label: string,
): Promise<RateSlot | undefined> {
  try {
    return await limiter?.acquire(signal);
  } catch {
    throw abortError(label, signal);
  }
}

/** Hands the request to `send` and marks the slot sent at once, even if `send` throws. */
export function sendInSlot(
  send: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  init: RequestInit,
  slot: RateSlot | undefined,
): Promise<Response> {
  try {
    return send(url, init);
  } finally {
    slot?.markSent();
  }
}
