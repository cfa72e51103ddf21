import type ExcelJS from "exceljs";
import { createReadStream, createWriteStream, type ReadStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createRequire } from "node:module";
import { CliInputError, CliUsageError } from "../errors.js";

/** The package that reads .xlsx: an optional peer dependency, installed only by those who need it. */
export const XLSX_PACKAGE = "exceljs";

function missing(): CliUsageError {
  return new CliUsageError(
    `reading .xlsx needs the ${XLSX_PACKAGE} package, which is not installed (it is optional, to keep the install small): ` +
      `run \`npm install ${XLSX_PACKAGE}\` in the project that has instantly-client, or use \`npx -p instantly-client -p ${XLSX_PACKAGE} instantly-client ...\`; or save the sheet as CSV UTF-8`,
  );
}

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
}

// Loaded on demand: exceljs takes a while to load, and most imports are CSV. It is an optional
// peer dependency (with its zip stack, most of what the package would otherwise install), so a
// project that never reads .xlsx does not carry it.
export async function loadExcel(): Promise<typeof ExcelJS> {
  try {
    const module = (await import(XLSX_PACKAGE)) as { default: typeof ExcelJS };
    return module.default;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw missing();
  }
}

/** One file of a zip, as unzipper's directory lists it. */
export interface ZipEntry {
  path: string;
  uncompressedSize: number;
  stream(): NodeJS.ReadableStream & { destroy(): void };
}

interface ZipSource {
  stream(offset: number, length?: number): NodeJS.ReadableStream;
  size(): Promise<number>;
}

interface Unzipper {
  Open: { custom(source: ZipSource): Promise<{ files: ZipEntry[] }> };
}

/** A zip file's entries in its central directory's order; `close` closes every stream opened on it. */
export interface ZipFile {
  entries: ZipEntry[];
  close(): void;
}

/**
 * Opens a zip file with exceljs' own zip reader (unzipper), resolved from exceljs so that it is
 * found wherever the package manager put it: the pre-pass reads the workbook as the reader will.
 * Random access through the central directory: the shared strings are read before the sheet,
 * wherever the zip holds them.
 */
export async function openZip(path: string, source: string): Promise<ZipFile> {
  let unzipper: Unzipper;
  try {
    const excelMain = createRequire(import.meta.url).resolve(XLSX_PACKAGE);
    unzipper = createRequire(excelMain)("unzipper") as Unzipper;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    throw missing();
  }
  // unzipper leaves a file stream open when its entry is not read to the end: these are closed.
  const opened = new Set<ReadStream>();
  const close = () => {
    for (const stream of opened) stream.destroy();
    opened.clear();
  };
  const file: ZipSource = {
    stream(offset, length) {
      const end = length === undefined ? undefined : offset + length - 1;
      const stream = createReadStream(path, { start: offset, end });
      opened.add(stream);
      stream.once("close", () => opened.delete(stream));
      return stream;
    },
    size: async () => (await stat(path)).size,
  };
  try {
    const { files } = await unzipper.Open.custom(file);
    return { entries: files, close };
  } catch (error) {
    close();
    throw unreadableWorkbook(source, error);
  }
}

/**
 * A workbook from standard input, written to a temporary file: a zip is read through its central
 * directory, at its end. `remove` deletes the file.
 */
export async function spoolWorkbook(
  input: NodeJS.ReadableStream,
): Promise<{ path: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), "instantly-client-xlsx-"));
  const remove = () => rm(folder, { recursive: true, force: true });
  const path = join(folder, "input.xlsx");
  try {
    await pipeline(input, createWriteStream(path));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

/** A workbook that exceljs or its zip reader could not read. */
export function unreadableWorkbook(source: string, error: unknown): CliInputError {
  return new CliInputError(source, undefined, `not a readable .xlsx file (${String(error)})`);
}
