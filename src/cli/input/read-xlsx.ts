import type ExcelJS from "exceljs";
import { Readable } from "node:stream";
import { CliInputError, CliUsageError } from "../errors.js";
import { formatBytes, RECORD_LIMIT_HINT } from "./record-limit.js";
import { loadExcel, unreadableWorkbook, type ZipEntry, type ZipFile } from "./xlsx-package.js";
import {
  chooseSheet,
  entryAt,
  inflated,
  SHARED_STRINGS,
  STYLES,
  workbookSheets,
  type WorkbookSheet,
} from "./xlsx-workbook.js";

/** One row of a worksheet as a CSV export would give it: cells as text, its row number. */
export interface SheetRow {
  line: number;
  raw: string[];
  cells: string[];
}

const MIDNIGHT = "T00:00:00.000Z";

// A date cell as ISO text: the date alone when it has no time (Excel stores dates as UTC days).
function dateText(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith(MIDNIGHT) ? iso.slice(0, -MIDNIGHT.length) : iso;
}

/** A cell's value as the text a CSV saved by Excel would hold (formulas by their result). */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return dateText(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number" || typeof value === "string") return String(value);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("error" in value) return value.error;
  if ("formula" in value || "sharedFormula" in value) return cellText(value.result);
  if ("text" in value) return cellText(value.text);
  return "";
}

/**
 * What of exceljs' streaming WorkbookReader is used: its parsers of a workbook's parts, given each
 * part's stream. Its own `parse()` reads the zip in one streaming pass that can drop entries (the
 * workbook, the shared strings, a sheet) when its consumer waits between them (exceljs issue
 * 3064): a dropped first sheet would have the next one read in its place. So the parts are read
 * here through the zip's central directory, each whole, and handed to these parsers.
 */
interface WorkbookParts {
  _parseWorkbook(entry: NodeJS.ReadableStream): Promise<void>;
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncIterable<unknown>;
  _parseStyles(entry: NodeJS.ReadableStream): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<Buffer>,
    sheetNo: string,
  ): Iterable<{ eventType: string; value: AsyncIterable<ExcelJS.Row> }>;
}

const PARTS = ["_parseWorkbook", "_parseSharedStrings", "_parseStyles", "_parseWorksheet"];
const WORKBOOK = "xl/workbook.xml";

function workbookParts(excel: typeof ExcelJS): WorkbookParts {
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from([]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  }) as unknown as Record<string, unknown>;
  const missing = PARTS.filter((name) => typeof reader[name] !== "function");
  if (missing.length > 0) {
    throw new Error(
      `this exceljs has no ${missing.join(", ")}: instantly-client reads .xlsx with exceljs 4`,
    );
  }
  return reader as unknown as WorkbookParts;
}

/**
 * Streams the rows of one worksheet of an opened zip (the first tab, or the one named `sheet`)
 * with exceljs' sheet parser, so a sheet of a million rows never sits in memory. The workbook,
 * its shared strings (the format needs them) and its styles (to tell dates) are read first. A
 * row whose cells hold more than `maxRecordBytes` of text stops the reading, naming it.
 * `onBytes` hears the sheet's inflated bytes as they are read (for progress).
 */
export async function* readXlsx(
  zip: ZipFile,
  options: {
    source: string;
    sheet?: string | undefined;
    maxRecordBytes?: number;
    /** Told which sheet is read, before its rows. */
    onSheet?: (sheet: WorkbookSheet) => void;
    onBytes?: (bytes: number) => void;
  },
): AsyncGenerator<SheetRow, void, undefined> {
  const maxRecordBytes = options.maxRecordBytes ?? Number.POSITIVE_INFINITY;
  let sheets: WorkbookSheet[];
  let worksheet: AsyncIterable<ExcelJS.Row>;
  try {
    sheets = await workbookSheets(zip.entries);
    const chosen = chooseSheet(sheets, options.sheet);
    if (chosen === undefined) throw missingSheet(options.source, options.sheet, sheets);
    options.onSheet?.(chosen);
    const parts = workbookParts(await loadExcel());
    const workbook = entryAt(zip, WORKBOOK);
    if (workbook !== undefined) await parts._parseWorkbook(workbook.stream());
    const strings = entryAt(zip, SHARED_STRINGS);
    // Cached, not emitted: the loop only drives the parser.
    if (strings !== undefined)
      for await (const _ of parts._parseSharedStrings(strings.stream())) void _;
    const styles = entryAt(zip, STYLES);
    if (styles !== undefined) await parts._parseStyles(styles.stream());
    const [emitted] = parts._parseWorksheet(counted(chosen.entry, options.onBytes), "1");
    if (emitted === undefined) throw new Error("exceljs gave no sheet reader");
    worksheet = emitted.value;
  } catch (error) {
    if (error instanceof CliInputError || error instanceof CliUsageError) throw error;
    throw unreadableWorkbook(options.source, error);
  }
  try {
    for await (const row of worksheet) {
      const values = row.values as ExcelJS.CellValue[];
      const cells = Array.from(values.slice(1), (value) => cellText(value));
      const bytes = cells.reduce((sum, cell) => sum + Buffer.byteLength(cell), 0);
      if (bytes > maxRecordBytes) {
        throw new CliInputError(
          options.source,
          row.number,
          `a row larger than ${formatBytes(maxRecordBytes)} ${RECORD_LIMIT_HINT}`,
        );
      }
      yield { line: row.number, raw: cells, cells };
    }
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    throw unreadableWorkbook(options.source, error);
  }
}

/** A sheet's entry inflated, its bytes told to `onBytes`. */
async function* counted(
  entry: ZipEntry,
  onBytes: ((bytes: number) => void) | undefined,
): AsyncGenerator<Buffer, void, undefined> {
  for await (const chunk of inflated(entry)) {
    onBytes?.(chunk.length);
    yield chunk;
  }
}

function missingSheet(
  source: string,
  sheet: string | undefined,
  sheets: readonly WorkbookSheet[],
): CliInputError {
  const missing = sheet === undefined ? "has no worksheet" : `has no sheet named "${sheet}"`;
  const names = sheets.map(({ name }) => JSON.stringify(name)).join(", ");
  return new CliInputError(source, undefined, `${missing}; its sheets: ${names} (--sheet NAME)`);
}
