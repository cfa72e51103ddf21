import { Readable, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { CliInputError } from "../errors.js";
import { CsvStructureScanner, type CsvProblem } from "./csv-structure.js";

/** One parsed CSV record (the header is the first) with the line it starts on and its original text. */
export interface CsvRecord {
  line: number;
  raw: string;
  cells: string[];
  /** Bytes of the text the parser had consumed at the end of this record. */
  bytes: number;
  /** Whether empty lines come right before it (a report's footer starts after one). */
  blankBefore: boolean;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;
// The header line must appear within this many bytes for the delimiter to be sniffed from it.
const SNIFF_LIMIT = 64 * 1024;
const LINE_BREAK = /\r\n|\r|\n/g;
const LEADING_BREAKS = /^[\r\n]*/;
const EDGE_BREAKS = /^[\r\n]+|[\r\n]+$/g;

/** The delimiter used most often outside quotes in the header line; comma when none or tied. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = DELIMITERS[0];
  for (const candidate of DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
}

async function* replay(
  head: Buffer[],
  rest: AsyncIterator<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  try {
    yield* head;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.();
  }
}

async function readHead(rest: AsyncIterator<Buffer>): Promise<Buffer[]> {
  const head: Buffer[] = [];
  let size = 0;
  while (size < SNIFF_LIMIT) {
    const next = await rest.next();
    if (next.done) break;
    head.push(next.value);
    size += next.value.length;
    if (next.value.includes(10) || next.value.includes(13)) break;
  }
  return head;
}

// Excel writes `sep=;` as the first line of a CSV to name its delimiter.
const SEP_LINE = /^sep=(.)(\r\n|\r|\n)/u;

/** The delimiter a leading `sep=X` line names, and the line's length in bytes (0 when none). */
export function sepLine(head: Buffer): { delimiter: string; bytes: number } | undefined {
  const match = SEP_LINE.exec(head.subarray(0, 16).toString("utf8"));
  if (match === null) return undefined;
  return { delimiter: match[1] as string, bytes: Buffer.byteLength(match[0]) };
}

// Drops the first `count` bytes of the stream.
async function* skipBytes(
  input: AsyncIterable<Buffer>,
  count: number,
): AsyncGenerator<Buffer, void, undefined> {
  let left = count;
  for await (const chunk of input) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** How a CSV is split: its delimiter and the lines before the header (a `sep=` line). */
export interface CsvLayout {
  delimiter: string;
  /** Bytes and lines of the `sep=` line, skipped before parsing. */
  skipBytes: number;
  skipLines: number;
}

/** Reads the head of UTF-8 CSV text to find its layout; returns it with the text from the header on. */
export async function csvLayout(
  input: AsyncIterable<Buffer>,
  delimiter: string | undefined,
): Promise<{ layout: CsvLayout; text: AsyncIterable<Buffer> }> {
  const rest = input[Symbol.asyncIterator]();
  const head = await readHead(rest);
  const joined = Buffer.concat(head);
  const sep = sepLine(joined);
  const layout: CsvLayout = {
    delimiter:
      delimiter ??
      sep?.delimiter ??
      sniffDelimiter(joined.subarray(sep?.bytes ?? 0).toString("utf8")),
    skipBytes: sep?.bytes ?? 0,
    skipLines: sep === undefined ? 0 : 1,
  };
  return { layout, text: skipBytes(replay(head, rest), layout.skipBytes) };
}

/** CsvStructureScanner for a layout, or none when its delimiter is not one byte. */
export function scannerFor(
  layout: CsvLayout,
  maxRecordBytes: number,
): CsvStructureScanner | undefined {
  if (Buffer.byteLength(layout.delimiter) !== 1) return undefined;
  return new CsvStructureScanner(layout.delimiter, 1 + layout.skipLines, maxRecordBytes);
}

/**
 * Streams CSV records of UTF-8 text with csv-parse (quotes, embedded newlines, BOM, empty lines
 * skipped, ragged rows kept for the caller to reject, a quote inside an unquoted cell read as a
 * literal character). `bytes` of each record is how far the parser has consumed the text, for
 * honest progress. A broken quote (which the relaxed parser would read on) or a record over
 * `maxRecordBytes` stops the reading at that record, naming the line the problem starts on (from
 * the structure scanner, which csv-parse's own count gets wrong); the records before it are
 * yielded.
 */
export async function* readCsv(
  input: AsyncIterable<Buffer>,
  options: { source: string; layout: CsvLayout; maxRecordBytes: number },
): AsyncGenerator<CsvRecord, void, undefined> {
  const { layout, maxRecordBytes } = options;
  const scanner = scannerFor(layout, maxRecordBytes);
  const parser = parse({
    delimiter: layout.delimiter,
    bom: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Characters, which are never more than the scanner's bytes: the scanner names it first.
    max_record_size: maxRecordBytes,
  });
  const stop = (problem: CsvProblem) =>
    new CliInputError(options.source, problem.line, problem.message);
  async function* scanned(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of input) {
      scanner?.scan(chunk);
      yield chunk;
    }
    scanner?.end();
  }
  // Errors of either side surface through the parser's iterator below.
  pipeline(Readable.from(scanned()), parser, () => {});
  // csv-parse's own line count drifts on CRLF inside quotes, so count the breaks in the raw text.
  let breaks = layout.skipLines;
  try {
    // The parser's running byte count, not `info: true`: that option builds an object per record
    // and made the whole read 2.5 times slower. The count may run a few buffered records ahead.
    const consumed = (parser as unknown as { info: { bytes: number } }).info;
    for await (const { record, raw } of parser as AsyncIterable<{
      record: string[];
      raw: string;
    }>) {
      const leading = countBreaks(LEADING_BREAKS.exec(raw)?.[0] ?? "");
      const line = 1 + breaks + leading;
      breaks += countBreaks(raw);
      // The scanner runs ahead of the parser: a problem up to this record's last line is its own.
      const fatal = scanner?.fatal;
      if (fatal !== undefined) {
        const last = raw.charCodeAt(raw.length - 1);
        const lastLine = breaks + (last === 10 || last === 13 ? 0 : 1);
        if (fatal.line <= lastLine) throw stop(fatal);
      }
      yield {
        line,
        raw: raw.replace(EDGE_BREAKS, ""),
        cells: record,
        bytes: layout.skipBytes + consumed.bytes,
        blankBefore: leading > 0,
      };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const problem = scanner?.fatal;
    if (problem !== undefined) throw stop(problem);
    throw new CliInputError(options.source, undefined, error.message);
  }
}
