import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { extname } from "node:path";
import {
  leadFromCells,
  planColumns,
  requireEmailColumn,
  requireLeadField,
  type ColumnPlan,
  type MappingOptions,
} from "./columns.js";
import {
  chooseEncoding,
  detectEncoding,
  encodingNotice,
  InvalidBytesError,
  toUtf8,
  type DecodeCounter,
  type Encoding,
} from "./decode.js";
import { describeMapping } from "./columns.js";
import { CliInputError, CliUsageError } from "../errors.js";
import type { InputRow } from "./input-row.js";
import { csvLayout, readCsv, scannerFor } from "./read-csv.js";
import { findLongLine, longLineMessage, readJsonl } from "./read-jsonl.js";
import { readXlsx } from "./read-xlsx.js";

/** The input formats `--format` accepts. */
export const INPUT_FORMATS = ["csv", "jsonl", "xlsx"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** What to read: a path or "-" for standard input, and how. */
export interface InputSpec {
  path: string;
  format?: InputFormat;
  delimiter?: string;
  typedColumns?: boolean;
  /** --encoding: overrides the detection. */
  encoding?: string;
  /** --sheet: the worksheet of an .xlsx (default the first). */
  sheet?: string;
  /** Scan a CSV file for structural problems before the first row is used (default true). */
  precheck?: boolean;
  mapping?: MappingOptions;
  /** A campaign import: refuse a file without an email column. */
  emailRequired?: boolean;
  /** --max-record-bytes: a larger record (CSV, JSONL line) or .xlsx row is refused. */
  maxRecordBytes?: number;
}

/**
 * The largest record read by default: far beyond any real lead (a lead with every field filled
 * and a long personalization is a few KiB), small enough that a broken file is refused at once
 * instead of growing one cell until memory runs out.
 */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** An opened input: its rows, a name for messages, and how far reading has got (for progress). */
export interface OpenedInput {
  source: string;
  format: InputFormat;
  size: number | undefined;
  /** Bytes of the input the parser has consumed up to the last row handed out. */
  bytesConsumed(): number;
  rows: AsyncIterable<InputRow>;
  /** How the columns map (CSV and .xlsx), to print before anything is sent. */
  mapping: ColumnPlan | undefined;
  /** Said before the run: the encoding used when not UTF-8. */
  notices: string[];
  /** True when the input has a header but no data rows. */
  empty: boolean;
  /** Rows whose cells are all empty, skipped so far (neither sent nor rejected). */
  skippedEmpty(): number;
  /** The report footer skipped at the end of the table (CSV), once read through. */
  footer(): SkippedFooter | undefined;
  /** Stops reading (a pipe that stays open would otherwise keep the process alive). */
  close(): void;
}

const EXTENSIONS: Record<string, InputFormat> = {
  ".csv": "csv",
  ".tsv": "csv",
  ".txt": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".xlsx": "xlsx",
};

/** The format named by `--format`, else by the file's extension; standard input defaults to CSV. */
export function chooseFormat(path: string, format: InputFormat | undefined): InputFormat {
  if (format !== undefined) return format;
  if (path === "-") return "csv";
  const extension = extname(path).toLowerCase();
  const byExtension = EXTENSIONS[extension];
  if (byExtension === undefined) {
    const hint =
      extension === ".xls"
        ? "the old binary Excel format is not read; save it as .xlsx or CSV UTF-8"
        : "pass --format csv|jsonl|xlsx";
    throw new CliUsageError(
      `${path}: cannot tell the format from the extension (.csv, .tsv, .txt, .jsonl, .ndjson, .xlsx); ${hint}`,
    );
  }
  return byExtension;
}

// Enough rows to tell an email column by its values, few enough to hold.
const SAMPLE_ROWS = 100;
const HEAD_BYTES = 64 * 1024;
const ZIP_MAGIC = "504b0304";

interface Cells {
  line: number;
  raw: unknown;
  cells: string[];
  bytes?: number;
  /** Empty lines come right before it (CSV). */
  blankBefore?: boolean;
}

/** Lines after the table that are not rows of it: a report's totals, notices, copyright. */
export interface SkippedFooter {
  lines: number[];
  /** The first of them, as written. */
  first: string;
}

/** Where reading stands, shared by the row generator and the progress display. */
interface Reading {
  consumed: number;
  skipped: number;
  footer: SkippedFooter | undefined;
}

// A report footer is a few lines (Salesforce: totals, a confidentiality line, a copyright);
// more short rows than this after an empty line are rows of the table, rejected one by one.
const FOOTER_LINES = 12;

// Reads the header and a sample before returning, so a bad header or a mapping that would lose
// the emails is refused before anything is sent.
async function tableRows(
  records: AsyncIterator<Cells>,
  source: string,
  spec: InputSpec,
  reading: Reading,
  toSource: (bytes: number) => number,
  eager: boolean,
  firstLine: number,
): Promise<{
  rows: AsyncGenerator<InputRow, void, undefined>;
  plan: ColumnPlan;
  empty: boolean;
  notices: string[];
}> {
  let header = await records.next();
  // Sheets and exports often start with empty rows or lines of empty cells (`,,,,`).
  while (header.done !== true && header.value.cells.every((cell) => cell.trim() === "")) {
    header = await records.next();
  }
  if (header.done === true)
    throw new CliInputError(source, undefined, "is empty; expected a header line");
  const headerLine = header.value.line;
  const notices: string[] = [];
  if (headerLine > firstLine) {
    const count = headerLine - firstLine;
    notices.push(
      `The header is on line ${headerLine}: ${count === 1 ? "the empty line" : `the ${count} empty lines`} before it ${count === 1 ? "was" : "were"} skipped`,
    );
  }
  let plan: ColumnPlan;
  try {
    plan = planColumns(header.value.cells, spec.mapping);
    requireLeadField(plan);
  } catch (error) {
    throw new CliInputError(source, headerLine, `bad header: ${(error as Error).message}`);
  }
  const sample: Cells[] = [];
  let ended = false;
  // Refuses a mapping that would lose the emails, from the first rows, before any is handed out.
  const takeSample = async () => {
    while (sample.length < SAMPLE_ROWS) {
      const next = await records.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      sample.push(next.value);
    }
    try {
      const cells = sample.map((record) => record.cells);
      requireEmailColumn(plan, cells, spec.emailRequired ?? false);
    } catch (error) {
      throw new CliInputError(source, headerLine, `bad header: ${(error as Error).message}`);
    }
  };
  // A pipe may idle for long: its sample is taken as its rows are first asked for, which is
  // still before any is sent.
  if (eager) await takeSample();
  const width = plan.columns.length;
  const typed = spec.typedColumns ?? false;
  const padded = spec.format === "xlsx";
  const empty = ended && sample.every((record) => record.cells.every((cell) => cell.trim() === ""));
  const rowOf = (record: Cells, cells: string[], index: number): InputRow => {
    if (cells.length !== width) {
      const message = `has ${cells.length} fields where the header has ${width}`;
      return { index, line: record.line, row: record.raw, issue: { field: "", message } };
    }
    return {
      index,
      line: record.line,
      row: record.raw,
      lead: leadFromCells(cells, plan.columns, typed),
    };
  };
  const rows = (async function* () {
    let index = 0;
    // Rows with fewer cells than the header after an empty line: a report footer if nothing
    // but such rows follows them, else rows of the table after all. A sheet's rows end at their
    // last filled cell, so in an .xlsx a short row is an ordinary row.
    let footer: Cells[] = [];
    let afterBlank = false;
    try {
      if (!eager) await takeSample();
      // The sample, then the rest: one loop, as a generator layer per row costs a million rows dearly.
      for (let at = 0; ; at++) {
        let record: Cells;
        if (at < sample.length) record = sample[at]!;
        else {
          if (ended) break;
          const next = await records.next();
          if (next.done === true) break;
          record = next.value;
        }
        const { cells: read, bytes } = record;
        if (bytes !== undefined) reading.consumed = toSource(bytes);
        // A sheet ends its rows at the last filled cell; empty cells past the header are nothing.
        const cells = padded ? fit(read, width) : read;
        if (cells.every((cell) => cell.trim() === "")) {
          reading.skipped += 1;
          afterBlank = true;
          continue;
        }
        const blank = afterBlank || record.blankBefore === true;
        afterBlank = false;
        // A row holding an email address is a lead, however short: rejected, never skipped.
        const short = !padded && cells.length < width && !cells.some((cell) => cell.includes("@"));
        if (short && (blank || footer.length > 0) && footer.length < FOOTER_LINES) {
          footer.push(record);
          continue;
        }
        for (const held of footer) yield rowOf(held, held.cells, index++);
        footer = [];
        yield rowOf(record, cells, index++);
      }
      if (footer.length > 0) {
        const first = footer[0] as Cells;
        const text = first.cells.filter((cell) => cell.trim() !== "").join(" ");
        reading.footer = { lines: footer.map((held) => held.line), first: text };
      }
    } finally {
      // Stopping early (Ctrl-C, a fatal answer) closes the file too.
      await records.return?.();
    }
  })();
  return { rows, plan, empty, notices };
}

function fit(cells: string[], width: number): string[] {
  if (cells.length >= width) {
    return cells.slice(width).every((cell) => cell === "") ? cells.slice(0, width) : cells;
  }
  return [...cells, ...Array<string>(width - cells.length).fill("")];
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function invalidBytes(source: string, error: InvalidBytesError): CliInputError {
  return new CliInputError(
    source,
    error.breaksBefore + 1,
    `${error.message}; nothing after it can be read. Pass --encoding NAME (e.g. windows-1252) if the file is not ${error.encoding}`,
  );
}

/**
 * The pre-pass over a CSV file: decodes it whole and scans its structure, so a broken file is
 * refused before the first request. When the head looked like UTF-8 and a later byte is not, the
 * encoding is detected from that part and the pass is run again. Returns the encoding to read with.
 */
async function precheckCsv(path: string, spec: InputSpec, chosen: Encoding): Promise<Encoding> {
  const counter: DecodeCounter = { sourceBytes: 0, utf8Bytes: 0 };
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    const { layout, text } = await csvLayout(toUtf8(stream, chosen, counter), spec.delimiter);
    const scanner = scannerFor(layout, maxRecordBytesOf(spec));
    if (scanner === undefined) return chosen;
    for await (const chunk of text) {
      scanner.scan(chunk);
      if (scanner.problem !== undefined) break;
    }
    scanner.end();
    const problem = scanner.problem;
    if (problem !== undefined) {
      throw new CliInputError(
        path,
        problem.line,
        `${problem.message}. Nothing was sent (--no-precheck imports the rows before it)`,
      );
    }
    return chosen;
  } catch (error) {
    if (!(error instanceof InvalidBytesError)) throw error;
    if (chosen.how !== "utf-8") throw invalidBytes(path, error);
    const detected: Encoding = { name: detectEncoding(error.sample), how: "detected", bom: 0 };
    return precheckCsv(path, spec, detected);
  } finally {
    stream.destroy();
  }
}

function maxRecordBytesOf(spec: InputSpec): number {
  return spec.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
}

/** The pre-pass over a JSONL file: a line over the record limit is refused before any is sent. */
async function precheckJsonl(path: string, spec: InputSpec, encoding: Encoding): Promise<void> {
  const counter: DecodeCounter = { sourceBytes: 0, utf8Bytes: 0 };
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    const line = await findLongLine(toUtf8(stream, encoding, counter), maxRecordBytesOf(spec));
    if (line !== undefined) {
      throw new CliInputError(
        path,
        line,
        `${longLineMessage(maxRecordBytesOf(spec))}. Nothing was sent (--no-precheck imports the lines before it)`,
      );
    }
  } catch (error) {
    if (error instanceof InvalidBytesError) throw invalidBytes(path, error);
    throw error;
  } finally {
    stream.destroy();
  }
}

// The byte stream, counted: `bytes` for formats whose parser does not say what it consumed.
async function* counted(
  stream: NodeJS.ReadableStream,
  onChunk: (length: number) => void,
): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    onChunk(buffer.length);
    yield buffer;
  }
}

// Decoding errors surface from the parser as they are; each becomes an error naming the line.
// An iterator, not a generator: it adds one promise per row, not a generator's round trip.
function located<T>(records: AsyncIterable<T>, source: string): AsyncIterableIterator<T> {
  const inner = records[Symbol.asyncIterator]();
  const relabel = (error: unknown): never => {
    if (error instanceof InvalidBytesError) throw invalidBytes(source, error);
    throw error;
  };
  return {
    next: () => inner.next().catch(relabel),
    return: async () => (await inner.return?.()) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

// A flag that cannot apply to the format would be ignored without a word.
function refuseMisplacedFlags(spec: InputSpec, format: InputFormat): void {
  const mapped = (spec.mapping?.map?.length ?? 0) > 0;
  const custom = (spec.mapping?.customVariables ?? "all") !== "all";
  if (format === "jsonl" && (mapped || custom)) {
    throw new CliUsageError(
      "--map, --map-file and --custom-variables apply to CSV and .xlsx columns; JSONL keys are lead fields already",
    );
  }
  if (format !== "xlsx" && spec.sheet !== undefined) {
    throw new CliUsageError(`--sheet applies to .xlsx files; this input is read as ${format}`);
  }
  if (format === "xlsx" && (spec.encoding !== undefined || spec.delimiter !== undefined)) {
    throw new CliUsageError("--encoding and --delimiter apply to text files, not to .xlsx");
  }
}

/** Opens a file (or standard input for "-") and streams its rows in the chosen format. */
export async function openInput(
  spec: InputSpec,
  stdin: NodeJS.ReadableStream,
): Promise<OpenedInput> {
  const format = chooseFormat(spec.path, spec.format);
  refuseMisplacedFlags(spec, format);
  const fromStdin = spec.path === "-";
  const source = fromStdin ? "standard input" : spec.path;
  let size: number | undefined;
  let head: Buffer = Buffer.alloc(0);
  if (!fromStdin) {
    const stats = await stat(spec.path).catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `${spec.path}: cannot read the input (${error.code ?? error.message})`,
      );
    });
    if (!stats.isFile()) throw new CliUsageError(`${spec.path}: not a file`);
    size = stats.size;
    head = await readHead(spec.path);
  }
  const isZip = (bytes: Buffer) => bytes.subarray(0, 4).toString("hex") === ZIP_MAGIC;
  if (format !== "xlsx" && isZip(head)) {
    throw new CliInputError(
      source,
      undefined,
      `is an Excel workbook (.xlsx), not ${format.toUpperCase()} text; name it .xlsx or pass --format xlsx`,
    );
  }
  const stream = fromStdin ? stdin : createReadStream(spec.path, { highWaterMark: 256 * 1024 });
  const close = () => {
    if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
  };
  const reading: Reading = { consumed: 0, skipped: 0, footer: undefined };
  const base = {
    source,
    format,
    size,
    bytesConsumed: () => reading.consumed,
    skippedEmpty: () => reading.skipped,
    footer: () => reading.footer,
    close,
  };
  const maxRecordBytes = maxRecordBytesOf(spec);
  if (format === "xlsx") {
    // A zip is inflated ahead of the rows, so the bytes read are the best measure it offers.
    const bytes = counted(stream, (length) => (reading.consumed += length));
    const records = located(readXlsx(bytes, { source, sheet: spec.sheet, maxRecordBytes }), source);
    const table = await tableRows(
      records,
      source,
      { ...spec, format },
      reading,
      (b) => b,
      !fromStdin,
      1,
    );
    const notices = table.notices;
    return { ...base, rows: table.rows, mapping: table.plan, notices, empty: table.empty };
  }
  let encoding = chooseEncoding(head, spec.encoding);
  const counter: DecodeCounter = { sourceBytes: 0, utf8Bytes: 0 };
  let bytes: AsyncIterable<Buffer> = counted(stream, () => {});
  if (fromStdin) {
    // Standard input cannot be read twice: the encoding is chosen from its first chunk.
    const iterator = bytes[Symbol.asyncIterator]();
    const first = await iterator.next();
    const chunk = first.done === true ? Buffer.alloc(0) : first.value;
    if (format === "csv" && isZip(chunk)) {
      throw new CliInputError(
        source,
        undefined,
        "is an Excel workbook (.xlsx); pass --format xlsx",
      );
    }
    encoding = chooseEncoding(chunk, spec.encoding);
    bytes = (async function* () {
      if (first.done !== true) yield first.value;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        yield next.value;
      }
    })();
  } else if (format === "csv" && spec.precheck !== false) {
    encoding = await precheckCsv(spec.path, spec, encoding);
  } else if (format === "jsonl" && spec.precheck !== false) {
    await precheckJsonl(spec.path, spec, encoding);
  }
  const notices = [encodingNotice(encoding)].filter((notice) => notice !== undefined);
  const text = toUtf8(bytes, encoding, counter);
  // The parser counts the UTF-8 text; progress needs the file's bytes.
  const toSource = (utf8: number) =>
    counter.utf8Bytes === 0 ? 0 : Math.round((utf8 * counter.sourceBytes) / counter.utf8Bytes);
  if (format === "jsonl") {
    const rows = located(
      readJsonl(text, {
        source,
        maxRecordBytes,
        onConsumed: (consumed) => (reading.consumed = toSource(consumed)),
      }),
      source,
    );
    return { ...base, rows, mapping: undefined, notices, empty: false };
  }
  let laid: Awaited<ReturnType<typeof csvLayout>>;
  try {
    laid = await csvLayout(text, spec.delimiter);
  } catch (error) {
    if (error instanceof InvalidBytesError) throw invalidBytes(source, error);
    throw error;
  }
  const { layout, text: laidOut } = laid;
  const records = located(readCsv(laidOut, { source, layout, maxRecordBytes }), source);
  const table = await tableRows(
    records[Symbol.asyncIterator](),
    source,
    spec,
    reading,
    toSource,
    !fromStdin,
    1 + layout.skipLines,
  );
  notices.push(...table.notices);
  return { ...base, rows: table.rows, mapping: table.plan, notices, empty: table.empty };
}

/**
 * Says what will be read before anything is sent: the encoding when not UTF-8, then the column
 * mapping (`info`, quiet-able). Returns false, after saying so on `notice`, when the input has no
 * data rows and there is nothing to do.
 */
export function announceInput(
  input: OpenedInput,
  info: (text: string) => void,
  notice: (text: string) => void,
): boolean {
  for (const line of input.notices) info(line);
  if (input.mapping !== undefined) info(describeMapping(input.mapping));
  if (!input.empty) return true;
  input.close();
  notice(`${input.source} has a header but no data rows: nothing to import, nothing was sent`);
  return false;
}

// Enough of a footer line to recognise it.
const FOOTER_QUOTE = 60;

function lineRange(lines: readonly number[]): string {
  const first = lines[0] as number;
  const last = lines[lines.length - 1] as number;
  return lines.length === 1 ? `line ${first}` : `lines ${first}-${last}`;
}

/**
 * The closing lines that account for what was read but is not a lead: all-empty rows, and a
 * report footer after the table. Nothing when there was neither.
 */
export function skippedLinesNote(input: OpenedInput): string | undefined {
  const lines: string[] = [];
  const skipped = input.skippedEmpty();
  if (skipped > 0) {
    lines.push(
      `${skipped} rows with every cell empty were skipped (not leads, so neither sent nor rejected)`,
    );
  }
  const footer = input.footer();
  if (footer !== undefined) {
    const first =
      footer.first.length > FOOTER_QUOTE
        ? `${footer.first.slice(0, FOOTER_QUOTE)}...`
        : footer.first;
    lines.push(
      `${footer.lines.length} lines after the table (${lineRange(footer.lines)}, from ${JSON.stringify(first)}) were skipped as a report footer: fewer cells than the header, after an empty line, at the end`,
    );
  }
  return lines.length === 0 ? undefined : lines.join("\n");
}
