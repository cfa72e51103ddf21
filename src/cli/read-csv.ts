import { Readable, pipeline } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { CliInputError } from "./errors.js";

/** One parsed CSV record (the header is the first) with the line it starts on and its original text. */
export interface CsvRecord {
  line: number;
  raw: string;
  cells: string[];
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

/**
 * Streams CSV records with csv-parse (quotes, embedded newlines, BOM, empty lines skipped, ragged
 * rows kept for the caller to reject). `delimiter` defaults to the one sniffed from the header line.
 */
export async function* readCsv(
  input: AsyncIterable<Buffer>,
  options: { source: string; delimiter?: string },
): AsyncGenerator<CsvRecord, void, undefined> {
  const rest = input[Symbol.asyncIterator]();
  const head = await readHead(rest);
  const delimiter = options.delimiter ?? sniffDelimiter(Buffer.concat(head).toString("utf8"));
  const parser = parse({
    delimiter,
    bom: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // Errors of either side surface through the parser's iterator below.
  pipeline(Readable.from(replay(head, rest)), parser, () => {});
  // csv-parse's own line count drifts on CRLF inside quotes, so count the breaks in the raw text.
  let breaks = 0;
  try {
    for await (const { record, raw } of parser as AsyncIterable<{
      record: string[];
      raw: string;
    }>) {
      const line = 1 + breaks + countBreaks(LEADING_BREAKS.exec(raw)?.[0] ?? "");
      breaks += countBreaks(raw);
      yield { line, raw: raw.replace(EDGE_BREAKS, ""), cells: record };
    }
  } catch (error) {
    if (error instanceof CsvError)
      throw new CliInputError(options.source, undefined, error.message);
    throw error;
  }
}
