import { appendFileSync, writeFileSync } from "node:fs";
import { createInstantlyClient } from "../client/create.js";
import { InstantlyError } from "../client/errors.js";
import type { ExchangeRecord, InstantlyClient } from "../client/client-types.js";
import { CliUsageError } from "./errors.js";

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

/**
 * `--trace FILE.jsonl`: creates (or empties) the file at once, so a wrong path fails before anything
 * is sent, and returns the `onExchange` that appends one JSON line per attempt. The records come
 * redacted from the client. Appended synchronously: one line per request, and a crash must not
 * lose the lines of the attempts before it.
 */
function openTraceFile(path: string): (record: ExchangeRecord) => void {
  try {
    writeFileSync(path, "");
  } catch (error) {
    throw new CliUsageError(
      `--trace ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (record) => appendFileSync(path, `${JSON.stringify(record)}\n`);
}
