import { appendFileSync, writeFileSync } from "node:fs";
import type { ExchangeRecord } from "../client/types.js";
import { CliUsageError } from "./errors.js";

/**
 * `--trace FILE.jsonl`: creates (or empties) the file at once, so a wrong path fails before anything
 * is sent, and returns the `onExchange` that appends one JSON line per attempt. The records come
 * redacted from the client. Appended synchronously: one line per request, and a crash must not
 * lose the lines of the attempts before it.
 */
export function openTraceFile(path: string): (record: ExchangeRecord) => void {
  try {
    writeFileSync(path, "");
  } catch (error) {
    throw new CliUsageError(
      `--trace ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return (record) => appendFileSync(path, `${JSON.stringify(record)}\n`);
}
