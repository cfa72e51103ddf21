import { Readable, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { CliInputError } from "../errors.js";
import type { CsvLayout } from "./csv-layout.js";
import { scannerFor, type CsvProblem } from "./csv-structure.js";

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

const LINE_BREAK = /\r\n|\r|\n/g;
const LEADING_BREAKS = /^[\r\n]*/;
const EDGE_BREAKS = /^[\r\n]+|[\r\n]+$/g;

function countBreaks(text: string): number {
  return text.match(LINE_BREAK)?.length ?? 0;
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
