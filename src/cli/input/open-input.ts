import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { CliInputError, CliUsageError } from "../errors.js";
import { describeMapping, type ColumnPlan } from "./columns.js";
import { csvLayout } from "./csv-layout.js";
import {
  chooseEncoding,
  encodingNotice,
  invalidBytesError,
  InvalidBytesError,
  locatingInvalidBytes,
  toUtf8,
  type DecodeCounter,
} from "./decode.js";
import { chooseFormat, type InputFormat } from "./format.js";
import { isZip, peekHead, readFileHead } from "./head.js";
import type { InputRow, SkippedRow } from "./input-row.js";
import { maxRecordBytesOf, refuseMisplacedFlags, type InputSpec } from "./input-spec.js";
import { precheckCsv, precheckJsonl, precheckXlsx } from "./pre-pass.js";
import { readCsv } from "./read-csv.js";
import { readJsonl } from "./read-jsonl.js";
import { readXlsx } from "./read-xlsx.js";
import { openZip, spoolWorkbook, type ZipFile } from "./xlsx-package.js";
import type { SkippedLines } from "./skipped-lines.js";
import { tableRows, type Reading } from "./table-rows.js";

/** An opened input: its rows, a name for messages, and how far reading has got (for progress). */
export interface OpenedInput extends SkippedLines {
  source: string;
  format: InputFormat;
  size: number | undefined;
  /** Bytes of the input the parser has consumed up to the last row handed out. */
  bytesConsumed(): number;
  rows: AsyncIterable<InputRow>;
  /** How the columns map (CSV and .xlsx), to print before anything is sent. */
  mapping: ColumnPlan | undefined;
  /** A table's header cells as read (CSV and .xlsx). */
  header: readonly string[] | undefined;
  /** A CSV's delimiter. */
  delimiter: string | undefined;
  /** Tells `listener` of each line of a table skipped (empty, or a report footer), as it is. */
  watchSkipped(listener: (row: SkippedRow) => void): void;
  /** Said before the run: the encoding used when not UTF-8. */
  notices: string[];
  /** True when the input has a header but no data rows. */
  empty: boolean;
  /** Stops reading (a pipe that stays open would otherwise keep the process alive). */
  close(): void;
}

// The byte stream as Buffers (a stream set to an encoding gives strings).
async function* buffers(stream: NodeJS.ReadableStream): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of stream) yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

// A workbook read as text would decode to rows of garbage; a file can be renamed, a pipe cannot.
function workbookError(source: string, format: InputFormat, fromStdin: boolean): CliInputError {
  const fix = fromStdin
    ? "; pass --format xlsx"
    : `, not ${format.toUpperCase()} text; name it .xlsx or pass --format xlsx`;
  return new CliInputError(source, undefined, `is an Excel workbook (.xlsx)${fix}`);
}

/** What an opened input tells of its reading, for progress and the closing notes. */
function readingView(reading: Reading) {
  return {
    bytesConsumed: () => reading.consumed,
    skippedEmpty: () => reading.skipped,
    footer: () => reading.footer,
    resultFieldsDropped: () => reading.resultFields,
    watchSkipped: (listener: (row: SkippedRow) => void) => {
      reading.onSkipped = listener;
    },
  };
}

/**
 * Opens an .xlsx workbook: the file itself, or standard input written to a temporary file (a zip
 * is read through its central directory, at its end). The pre-pass runs first, unless turned off;
 * a refused workbook leaves nothing open. Progress counts the sheet's inflated bytes.
 */
async function openWorkbook(
  spec: InputSpec,
  stdin: NodeJS.ReadableStream | undefined,
  source: string,
  reading: Reading,
): Promise<OpenedInput> {
  const spooled = stdin === undefined ? undefined : await spoolWorkbook(stdin);
  const path = spooled?.path ?? spec.path;
  let zip: ZipFile;
  try {
    if (spec.precheck !== false) await precheckXlsx(path, source, spec);
    zip = await openZip(path, source);
  } catch (error) {
    await spooled?.remove();
    throw error;
  }
  let sheetBytes: number | undefined;
  const close = () => {
    zip.close();
    void spooled?.remove();
  };
  const records = locatingInvalidBytes(
    readXlsx(zip, {
      source,
      sheet: spec.sheet,
      maxRecordBytes: maxRecordBytesOf(spec),
      onSheet: (sheet) => (sheetBytes = sheet.entry.uncompressedSize),
      onBytes: (bytes) => (reading.consumed += bytes),
    }),
    source,
  );
  try {
    const { rows, header, plan, notices, empty } = await tableRows(
      records,
      source,
      { ...spec, format: "xlsx" },
      reading,
      (bytes) => bytes,
      stdin === undefined,
      1,
    );
    return {
      source,
      format: "xlsx",
      get size() {
        return sheetBytes;
      },
      ...readingView(reading),
      close,
      rows,
      header,
      delimiter: undefined,
      mapping: plan,
      notices,
      empty,
    };
  } catch (error) {
    close();
    throw error;
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
    head = await readFileHead(spec.path);
  }
  if (format !== "xlsx" && isZip(head)) throw workbookError(source, format, false);
  const reading: Reading = { consumed: 0, skipped: 0, footer: undefined, resultFields: 0 };
  if (format === "xlsx") return openWorkbook(spec, fromStdin ? stdin : undefined, source, reading);
  const stream = fromStdin ? stdin : createReadStream(spec.path, { highWaterMark: 256 * 1024 });
  const close = () => {
    if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
  };
  const base = { source, format, size, ...readingView(reading), close };
  const maxRecordBytes = maxRecordBytesOf(spec);
  let encoding = chooseEncoding(head, spec.encoding);
  const counter: DecodeCounter = { sourceBytes: 0, utf8Bytes: 0 };
  let bytes: AsyncIterable<Buffer> = buffers(stream);
  if (fromStdin) {
    // Standard input cannot be read twice: the encoding is chosen from its first chunk.
    const peeked = await peekHead(bytes, () => true);
    if (format === "csv" && isZip(peeked.head)) throw workbookError(source, format, true);
    encoding = chooseEncoding(peeked.head, spec.encoding);
    bytes = peeked.all;
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
    const rows = locatingInvalidBytes(
      readJsonl(text, {
        source,
        maxRecordBytes,
        onConsumed: (consumed) => (reading.consumed = toSource(consumed)),
        onResultFields: () => (reading.resultFields += 1),
      }),
      source,
    );
    const none = { header: undefined, delimiter: undefined, mapping: undefined };
    return { ...base, ...none, rows, notices, empty: false };
  }
  let laid: Awaited<ReturnType<typeof csvLayout>>;
  try {
    laid = await csvLayout(text, spec.delimiter);
  } catch (error) {
    if (error instanceof InvalidBytesError) throw invalidBytesError(source, error);
    throw error;
  }
  const { layout, text: laidOut } = laid;
  const records = locatingInvalidBytes(
    readCsv(laidOut, { source, layout, maxRecordBytes }),
    source,
  );
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
  const { rows, header, plan, empty } = table;
  const { delimiter } = layout;
  return { ...base, rows, header, delimiter, mapping: plan, notices, empty };
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
