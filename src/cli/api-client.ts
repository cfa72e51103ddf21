import { createInstantlyClient } from "../client/create.js";
import { InstantlyError } from "../client/errors.js";
import type { InstantlyClient } from "../client/types.js";
import { CliUsageError } from "./errors.js";

/** The client settings a command may give. */
export interface ClientSettings {
  baseUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
}

/** The API client of a command; a bad setting (base URL, timeouts) is a usage error. */
export function clientFor(settings: ClientSettings, apiKey: string): InstantlyClient {
  try {
    return createInstantlyClient({
      apiKey,
      baseUrl: settings.baseUrl,
      timeoutMs: settings.timeoutMs,
      maxRetries: settings.maxRetries,
    });
  } catch (error) {
    if (error instanceof InstantlyError) throw new CliUsageError(error.message);
    throw error;
  }
}
