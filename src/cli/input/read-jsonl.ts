import { CliInputError } from "../errors.js";
import type { InputRow } from "./input-row.js";
import { isResultColumn } from "./result-columns.js";
import { formatBytes, RECORD_LIMIT_HINT } from "./record-limit.js";

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

const LF = 0x0a;

/** Why a line over the limit is refused, and the flag that allows it. */
export function longLineMessage(maxRecordBytes: number): string {
  return `a line larger than ${formatBytes(maxRecordBytes)} starts here ${RECORD_LIMIT_HINT}`;
}

/**
 * The lines of UTF-8 text, each with its number, without their break (LF or CRLF). A line is
 * held only up to `maxRecordBytes`: past that `onLong` is called with its number and must throw,
 * so memory stays bounded whatever the input.
 */
async function* splitLines(
  input: AsyncIterable<Buffer>,
  maxRecordBytes: number,
  onLong: (line: number) => never,
): AsyncGenerator<{ line: number; bytes: Buffer }, void, undefined> {
  let parts: Buffer[] = [];
  let held = 0;
  let line = 1;
  for await (const chunk of input) {
    let start = 0;
    for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, start)) {
      if (held + at - start > maxRecordBytes) onLong(line);
      const piece = chunk.subarray(start, at);
      const bytes = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      parts = [];
      held = 0;
      yield { line, bytes };
      line += 1;
      start = at + 1;
    }
    if (start < chunk.length) {
      held += chunk.length - start;
      if (held > maxRecordBytes) onLong(line);
      parts.push(chunk.subarray(start));
    }
  }
  if (held > 0) yield { line, bytes: Buffer.concat(parts) };
}

/** The number of the first line longer than `maxRecordBytes`, reading the text through; none when all fit. */
export async function findLongLine(
  input: AsyncIterable<Buffer>,
  maxRecordBytes: number,
): Promise<number | undefined> {
  let run = 0;
  let line = 1;
  for await (const chunk of input) {
    let start = 0;
    for (let at = chunk.indexOf(LF); at >= 0; at = chunk.indexOf(LF, start)) {
      if (run + at - start > maxRecordBytes) return line;
      run = 0;
      line += 1;
      start = at + 1;
    }
    run += chunk.length - start;
    if (run > maxRecordBytes) return line;
  }
  return undefined;
}

/**
 * Streams JSON Lines, one lead object per line; a malformed line becomes a row with an issue, a
 * line over `maxRecordBytes` stops the reading (CliInputError naming it). `onConsumed` hears the
 * bytes read up to each line (for progress).
 */
export async function* readJsonl(
  input: AsyncIterable<Buffer>,
  options: {
    source: string;
    maxRecordBytes: number;
    onConsumed?: (bytes: number) => void;
    /** Told of each object that held a results file's fields (`instantly_status`...), dropped. */
    onResultFields?: () => void;
  },
): AsyncGenerator<InputRow, void, undefined> {
  const { source, maxRecordBytes, onConsumed = () => {}, onResultFields = () => {} } = options;
  const onLong = (line: number): never => {
    throw new CliInputError(source, line, longLineMessage(maxRecordBytes));
  };
  let index = 0;
  let consumed = 0;
  for await (const { line, bytes } of splitLines(input, maxRecordBytes, onLong)) {
    consumed += bytes.length + 1;
    onConsumed(consumed);
    const text = bytes.toString("utf8");
    const raw = (line === 1 ? text.replace(/^\uFEFF/, "") : text).replace(/\r$/, "");
    if (raw.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      const message = `not valid JSON: ${(error as Error).message}`;
      yield { ref: { index: index++, line, row: raw }, issue: { field: "", message } };
      continue;
    }
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const lead = value as Record<string, unknown>;
      // A results or errors file imported again: its outcome fields are not the lead's.
      let dropped = false;
      for (const key of Object.keys(lead)) {
        if (!isResultColumn(key)) continue;
        delete lead[key];
        dropped = true;
      }
      if (dropped) onResultFields();
      yield { ref: { index: index++, line, row: value }, lead };
    } else {
      const message = `expected a JSON object, got ${describe(value)}`;
      yield { ref: { index: index++, line, row: value }, issue: { field: "", message } };
    }
  }
}
