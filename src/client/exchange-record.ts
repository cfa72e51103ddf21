import type { ExchangeRecord } from "./client-types.js";
import { describeCause } from "./failure-error.js";
import type { PreparedRequest } from "./prepared-request.js";
import { redactData } from "./redact.js";
import type { TransportContext } from "./transport-context.js";

// Which response headers an `onExchange` record keeps: those that say how the API (or a proxy in
// front of it) decided, so that a trace shows what the real API does with rate limits.
const KEPT_HEADER =
  /^(?:x-)?ratelimit-|^retry-after(?:-ms)?$|request-?id$|^(?:content-type|server|cf-ray)$/;

/** The headers of `headers` worth recording, by lower-case name. */
export function exchangeHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) if (KEPT_HEADER.test(name)) kept[name] = value;
  return kept;
}

/** What one attempt saw, as `reportExchange` turns it into a record. */
export interface SeenExchange {
  /** Date.now() when the attempt was sent. */
  at: number;
  attempt: number;
  ms: number;
  response?: Response;
  failure?: ExchangeRecord["failure"];
  error?: string | undefined;
  body?: string | undefined;
}

/** Gives `onExchange`, if any, the attempt's record, redacted. */
export function reportExchange(
  context: TransportContext,
  { request, path }: PreparedRequest,
  seen: SeenExchange,
): void {
  const { onExchange, apiKey, log } = context;
  if (!onExchange) return;
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
    onExchange(redactData(record, apiKey));
  } catch (error) {
    // A broken trace must not fail (or double-send) a request the API may have applied.
    log("warn", "onExchange threw; the exchange is not recorded", {
      request: `${request.method} ${path}`,
      error: describeCause(error),
    });
  }
}
