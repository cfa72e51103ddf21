import type { ExchangeRecord, Logger } from "./client-types.js";
import type { SlidingWindowLimiter } from "./rate-limit.js";
import { redactData } from "./redact.js";

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

/** Logs to the client's logger, if any, with the API key redacted from the data. */
export type Log = (level: keyof Logger, message: string, data: Record<string, unknown>) => void;

/** The transport's options and its log, shared by every request of one client. */
export interface TransportContext extends TransportOptions {
  log: Log;
}

export function transportContext(options: TransportOptions): TransportContext {
  return {
    ...options,
    log: (level, message, data) =>
      options.logger?.[level]?.(message, redactData(data, options.apiKey)),
  };
}
