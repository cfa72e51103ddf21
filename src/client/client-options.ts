import { DEFAULT_BASE_URL } from "../../generated/client.gen.js";
import { checkBaseUrl } from "./base-url.js";
import { InstantlyError } from "./errors.js";
import { rateWindows, type RateWindow } from "./rate-limit.js";
import type { ExchangeRecord, InstantlyClientOptions, Logger } from "./client-types.js";
import { defaultUserAgent } from "./user-agent.js";

/** Default time one attempt may take, from sending to the last byte of the response. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Default number of retries after the first attempt. */
export const DEFAULT_MAX_RETRIES = 2;

/** `InstantlyClientOptions` checked and with every default filled in. */
export interface ResolvedClientOptions {
  apiKey: string;
  baseUrl: string;
  /**
   * Sends one attempt. The caller's `fetch` gets a Request; the global fetch gets the URL and init,
   * as a bare `fetch` call would: given a Request with a body, it pipes that body through a
   * stream copy first (a measurable share of the client's CPU with 1000-lead bodies).
   */
  send: (url: string, init: RequestInit) => Promise<Response>;
  timeoutMs: number;
  maxRetries: number;
  userAgent: string;
  rateWindows: RateWindow[] | undefined;
  logger: Logger | undefined;
  onExchange: ((record: ExchangeRecord) => void) | undefined;
  exchangeBodies: boolean;
}

/** Validates the options of `createInstantlyClient` (errors never show the key) and applies the defaults. */
export function resolveClientOptions(options: InstantlyClientOptions): ResolvedClientOptions {
  const { rateLimit } = options;
  if (rateLimit) {
    positiveInteger("rateLimit.perSecond", rateLimit.perSecond);
    positiveInteger("rateLimit.perMinute", rateLimit.perMinute);
  }
  return {
    apiKey: checkApiKey(options.apiKey),
    baseUrl: checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL),
    send: sender(options.fetch),
    timeoutMs: positiveNumber("timeoutMs", options.timeoutMs) ?? DEFAULT_TIMEOUT_MS,
    maxRetries: nonNegativeInteger("maxRetries", options.maxRetries) ?? DEFAULT_MAX_RETRIES,
    userAgent: options.userAgent ?? defaultUserAgent(),
    rateWindows: rateLimit === false ? undefined : rateWindows(rateLimit),
    logger: options.logger,
    onExchange: options.onExchange,
    exchangeBodies: options.exchangeBodies === true,
  };
}

function sender(
  fetch: ((request: Request) => Promise<Response>) | undefined,
): ResolvedClientOptions["send"] {
  if (fetch !== undefined) return (url, init) => fetch(new Request(url, init));
  // Looked up per call, so a fetch replaced after creation (e.g. by a test double) is used.
  return (url, init) => globalThis.fetch(url, init);
}

function checkApiKey(apiKey: unknown): string {
  if (typeof apiKey !== "string" || apiKey.trim() === "") {
    throw new InstantlyError("createInstantlyClient: apiKey must be a non-empty string");
  }
  // A key read from a file often ends with a newline; anything else outside visible ASCII would
  // make the Authorization header invalid, and header errors quote the value.
  const trimmed = apiKey.trim();
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    throw new InstantlyError(
      "createInstantlyClient: apiKey must contain only visible ASCII characters (no spaces or line breaks)",
    );
  }
  return trimmed;
}

function positiveNumber(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new InstantlyError(
      `createInstantlyClient: ${name} must be a positive number (got ${value})`,
    );
  }
  return value;
}

function nonNegativeInteger(name: string, value: number | undefined): number | undefined {
  if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
    throw new InstantlyError(
      `createInstantlyClient: ${name} must be a non-negative integer (got ${value})`,
    );
  }
  return value;
}

function positiveInteger(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new InstantlyError(
      `createInstantlyClient: ${name} must be a positive integer (got ${value})`,
    );
  }
}
