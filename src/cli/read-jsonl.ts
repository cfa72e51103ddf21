import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import type { InputRow } from "./input-row.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/**
 * Streams JSON Lines, one lead object per line; a malformed line becomes a row with an issue.
 * `onConsumed` hears the bytes read up to each line (for progress).
 */
export async function* readJsonl(
  input: AsyncIterable<Buffer>,
  onConsumed: (bytes: number) => void = () => {},
): AsyncGenerator<InputRow, void, undefined> {
  const lines = createInterface({ input: Readable.from(input), crlfDelay: Infinity });
  let line = 0;
  let index = 0;
  let consumed = 0;
  for await (const text of lines) {
    line += 1;
    // The break is one byte, or two for CRLF: close enough for a progress bar.
    consumed += Buffer.byteLength(text) + 1;
    onConsumed(consumed);
    const raw = line === 1 ? text.replace(/^\uFEFF/, "") : text;
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const message = `not valid JSON: ${(error as Error).message}`;
      yield { index: index++, line, row: raw, issue: { field: "", message } };
      continue;
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      yield { index: index++, line, row: value, lead: value as Record<string, unknown> };
    } else {
      const message = `expected a JSON object, got ${describe(value)}`;
      yield { index: index++, line, row: value, issue: { field: "", message } };
    }
  }
}
