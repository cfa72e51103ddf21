import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname } from "node:path";
import { planColumns, leadFromCells, requireLeadField, type Column } from "./columns.js";
import { CliInputError, CliUsageError } from "./errors.js";
import type { InputRow } from "./input-row.js";
import { readCsv, type CsvRecord } from "./read-csv.js";
import { readJsonl } from "./read-jsonl.js";

/** The input formats `--format` accepts. */
export const INPUT_FORMATS = ["csv", "jsonl"] as const;
/** One of INPUT_FORMATS. */
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** What to read: a path or "-" for standard input, and how. */
export interface InputSpec {
  path: string;
  format?: InputFormat;
  delimiter?: string;
  typedColumns?: boolean;
}

/** An opened input: its rows, a name for messages, and how far reading has got (for progress). */
export interface OpenedInput {
  source: string;
  format: InputFormat;
  size: number | undefined;
  bytesRead(): number;
  rows: AsyncIterable<InputRow>;
  /** Stops reading (a pipe that stays open would otherwise keep the process alive). */
  close(): void;
}

const EXTENSIONS: Record<string, InputFormat> = {
  ".csv": "csv",
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
};

/** The format named by `--format`, else by the file's extension; standard input defaults to CSV. */
export function chooseFormat(path: string, format: InputFormat | undefined): InputFormat {
  if (format !== undefined) return format;
  if (path === "-") return "csv";
  const byExtension = EXTENSIONS[extname(path).toLowerCase()];
  if (byExtension === undefined) {
    throw new CliUsageError(
      `${path}: cannot tell the format from the extension (.csv, .jsonl, .ndjson); pass --format csv|jsonl`,
    );
  }
  return byExtension;
}

// Reads the header before returning, so a bad one is refused before anything is sent.
async function csvRows(
  records: AsyncIterator<CsvRecord>,
  source: string,
  typedColumns: boolean,
): Promise<AsyncGenerator<InputRow, void, undefined>> {
  const header = await records.next();
  if (header.done === true)
    throw new CliInputError(source, undefined, "is empty; expected a header line");
  let columns: Column[];
  try {
    columns = planColumns(header.value.cells);
    requireLeadField(header.value.cells, columns);
  } catch (error) {
    throw new CliInputError(source, header.value.line, `bad header: ${(error as Error).message}`);
  }
  return (async function* () {
    let index = 0;
    try {
      for (let next = await records.next(); next.done !== true; next = await records.next()) {
        const { line, raw, cells } = next.value;
        if (cells.length !== columns.length) {
          const message = `has ${cells.length} fields where the header has ${columns.length}`;
          yield { index: index++, line, row: raw, issue: { field: "", message } };
        } else {
          const lead = leadFromCells(cells, columns, typedColumns);
          yield { index: index++, line, row: raw, lead };
        }
      }
    } finally {
      // Stopping early (Ctrl-C, a fatal answer) closes the file too.
      await records.return?.();
    }
  })();
}

// UTF-16 (Excel's "Unicode Text") starts with an FF FE or FE FF mark, or without one has a NUL in
// every ASCII character; read as UTF-8 it would yield garbled rows and wrong line numbers.
function looksUtf16(head: Buffer): boolean {
  const mark = head.subarray(0, 2).toString("hex");
  return mark === "fffe" || mark === "feff" || head.subarray(0, 1024).includes(0);
}

/** Opens a file (or standard input for "-") and streams its rows in the chosen format. */
export async function openInput(
  spec: InputSpec,
  stdin: NodeJS.ReadableStream,
): Promise<OpenedInput> {
  const format = chooseFormat(spec.path, spec.format);
  const fromStdin = spec.path === "-";
  const source = fromStdin ? "standard input" : spec.path;
  let size: number | undefined;
  if (!fromStdin) {
    const stats = await stat(spec.path).catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `${spec.path}: cannot read the input (${error.code ?? error.message})`,
      );
    });
    if (!stats.isFile()) throw new CliUsageError(`${spec.path}: not a file`);
    size = stats.size;
  }
  let bytes = 0;
  const stream = fromStdin ? stdin : createReadStream(spec.path, { highWaterMark: 256 * 1024 });
  async function* counted(): AsyncGenerator<Buffer, void, undefined> {
    for await (const chunk of stream) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      if (bytes === 0 && looksUtf16(buffer)) {
        throw new CliInputError(
          source,
          undefined,
          "looks like UTF-16 text; save it as UTF-8 (in Excel: CSV UTF-8) and try again",
        );
      }
      bytes += buffer.length;
      yield buffer;
    }
  }
  const rows =
    format === "csv"
      ? await csvRows(
          readCsv(counted(), { source, delimiter: spec.delimiter }),
          source,
          spec.typedColumns ?? false,
        )
      : readJsonl(counted());
  const close = () => {
    if ("destroy" in stream && typeof stream.destroy === "function") stream.destroy();
  };
  return { source, format, size, bytesRead: () => bytes, rows, close };
}
