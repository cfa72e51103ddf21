import { createReadStream } from "node:fs";
import { CliInputError } from "../errors.js";
import { scannerFor } from "./csv-structure.js";
import { csvLayout } from "./csv-layout.js";
import {
  detectEncoding,
  invalidBytesError,
  InvalidBytesError,
  toUtf8,
  type DecodeCounter,
  type Encoding,
} from "./decode.js";
import { maxRecordBytesOf, type InputSpec } from "./input-spec.js";
import { findLongLine, longLineMessage } from "./read-jsonl.js";
import { formatBytes, RECORD_LIMIT_HINT } from "./record-limit.js";
import { findXlsxOversize } from "./xlsx-record-scan.js";

// The pre-passes (--precheck, on by default) read a file whole before its first row is used, so
// a broken file is refused before the first request.

// The file decoded to UTF-8, read once; its stream is closed however the pass ends.
async function passOver<T>(
  path: string,
  encoding: Encoding,
  pass: (text: AsyncIterable<Buffer>) => Promise<T>,
): Promise<T> {
  const counter: DecodeCounter = { sourceBytes: 0, utf8Bytes: 0 };
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    return await pass(toUtf8(stream, encoding, counter));
  } finally {
    stream.destroy();
  }
}

/**
 * The pre-pass over a CSV file: decodes it whole and scans its structure. When the head looked
 * like UTF-8 and a later byte is not, the encoding is detected from that part and the pass is run
 * again. Returns the encoding to read with.
 */
export async function precheckCsv(
  path: string,
  spec: InputSpec,
  chosen: Encoding,
): Promise<Encoding> {
  try {
    await passOver(path, chosen, async (decoded) => {
      const { layout, text } = await csvLayout(decoded, spec.delimiter);
      const scanner = scannerFor(layout, maxRecordBytesOf(spec));
      if (scanner === undefined) return;
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
    });
    return chosen;
  } catch (error) {
    if (!(error instanceof InvalidBytesError)) throw error;
    if (chosen.how !== "utf-8") throw invalidBytesError(path, error);
    const detected: Encoding = { name: detectEncoding(error.sample), how: "detected", bom: 0 };
    return precheckCsv(path, spec, detected);
  }
}

/** The pre-pass over a JSONL file: a line over the record limit is refused before any is sent. */
export async function precheckJsonl(
  path: string,
  spec: InputSpec,
  encoding: Encoding,
): Promise<void> {
  const maxRecordBytes = maxRecordBytesOf(spec);
  try {
    const line = await passOver(path, encoding, (text) => findLongLine(text, maxRecordBytes));
    if (line !== undefined) {
      throw new CliInputError(
        path,
        line,
        `${longLineMessage(maxRecordBytes)}. Nothing was sent (--no-precheck imports the lines before it)`,
      );
    }
  } catch (error) {
    if (error instanceof InvalidBytesError) throw invalidBytesError(path, error);
    throw error;
  }
}

/**
 * The pre-pass over an .xlsx file: a row (or a shared string) holding more text than the record
 * limit is refused before any row is read, naming the sheet and the row.
 */
export async function precheckXlsx(path: string, source: string, spec: InputSpec): Promise<void> {
  const maxRecordBytes = maxRecordBytesOf(spec);
  const found = await findXlsxOversize(path, { source, sheet: spec.sheet, maxRecordBytes });
  if (found === undefined) return;
  const limit = formatBytes(maxRecordBytes);
  const sheet = JSON.stringify(found.sheet);
  if ("line" in found) {
    throw new CliInputError(
      source,
      found.line,
      `a row larger than ${limit} in sheet ${sheet} ${RECORD_LIMIT_HINT}. Nothing was sent (--no-precheck imports the rows before it)`,
    );
  }
  throw new CliInputError(
    source,
    undefined,
    `a cell text larger than ${limit} in the workbook's shared strings (string ${found.sharedString}; no row of sheet ${sheet} uses it, but reading the sheet would load it) ${RECORD_LIMIT_HINT}. Nothing was sent`,
  );
}
