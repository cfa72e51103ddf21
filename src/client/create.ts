import { createFetchClient } from "../../generated/client.gen.js";
import { resolveClientOptions } from "./client-options.js";
import { requestRate, SlidingWindowLimiter } from "./rate-limit.js";
import { SourceRequest } from "./source-request.js";
import { createTransport } from "./transport.js";
import type { InstantlyClient, InstantlyClientOptions } from "./client-types.js";

export type {
  InstantlyClient,
  InstantlyClientOptions,
  Logger,
  ExchangeRecord,
  RateLimitOptions,
  RequestPolicy,
  RetryEvent,
  AttemptTiming,
} from "./client-types.js";

/** The typed client for the Instantly API v2, with authentication, rate limiting and retries installed. */
export function createInstantlyClient(options: InstantlyClientOptions): InstantlyClient {
  const resolved = resolveClientOptions(options);
  const fetchWith = createTransport({
    apiKey: resolved.apiKey,
    send: resolved.send,
    timeoutMs: resolved.timeoutMs,
    maxRetries: resolved.maxRetries,
    limiter: resolved.rateWindows && new SlidingWindowLimiter(resolved.rateWindows),
    logger: resolved.logger,
    onExchange: resolved.onExchange,
    exchangeBodies: resolved.exchangeBodies,
  });
  const client = createFetchClient({
    baseUrl: resolved.baseUrl,
    fetch: fetchWith({}),
    Request: SourceRequest,
    headers: { "User-Agent": resolved.userAgent },
  });
  const rate = resolved.rateWindows && requestRate(resolved.rateWindows);
  return Object.assign(client, { fetchWith, requestRate: rate });
}
