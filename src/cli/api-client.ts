import { createInstantlyClient } from "../client/create.js";
import { InstantlyError } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { CliUsageError } from "./errors.js";
import { openTraceFile } from "./trace-file.js";

/** The client settings a command may give. */
export interface ClientSettings {
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** A JSONL file that receives every request attempt (`--trace`). */
  trace?: string;
}

/** The API client of a command; a bad setting (base URL, timeouts) is a usage error. */
export function clientFor(settings: ClientSettings, apiKey: string): InstantlyClient {
  try {
    return createInstantlyClient({
      apiKey,
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
      ...(settings.trace === undefined
        ? {}
        : { onExchange: openTraceFile(settings.trace), exchangeBodies: true }),
    });
  } catch (error) {
    if (error instanceof InstantlyError) throw new CliUsageError(error.message);
    throw error;
  }
}
