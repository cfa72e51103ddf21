// Stopping a request: the caller's AbortSignal, at any point, and each attempt's own timeout.
import { setTimeout as sleep } from "node:timers/promises";
import type { ExchangeRecord } from "./client-types.js";
import { InstantlyAbortError } from "./errors.js";

/** How an attempt that got no response ended. */
export type AttemptFailure = NonNullable<ExchangeRecord["failure"]>;

export function abortError(label: string, signal: AbortSignal): InstantlyAbortError {
  return new InstantlyAbortError(`Instantly API request ${label} was aborted`, {
    cause: signal.reason,
  });
}

export function throwIfAborted(signal: AbortSignal, label: string): void {
  if (signal.aborted) throw abortError(label, signal);
}

/** Waits `ms` unless the caller aborts first (then throws its abort error). */
export async function sleepUnlessAborted(
  ms: number,
  signal: AbortSignal,
  label: string,
): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw abortError(label, signal);
  }
}

/**
 * One attempt's signal: aborted after `timeoutMs` (from sending to the last byte) or when the
 * caller's signal aborts, whichever comes first. `dispose` once the attempt has ended.
 */
export class AttemptSignal {
  readonly #caller: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #followCaller = () => this.#controller.abort(this.#caller.reason);

  constructor(caller: AbortSignal, timeoutMs: number) {
    this.#caller = caller;
    caller.addEventListener("abort", this.#followCaller, { once: true });
    this.#timer = setTimeout(() => this.#controller.abort(), timeoutMs);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why the attempt failed: the caller's abort, the timeout, or else the connection. */
  failure(): AttemptFailure {
    if (this.#caller.aborted) return "abort";
    return this.#controller.signal.aborted ? "timeout" : "connection";
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener("abort", this.#followCaller);
  }
}
