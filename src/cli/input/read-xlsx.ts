import type ExcelJS from "exceljs";
import { Readable } from "node:stream";
import { CliInputError } from "../errors.js";
import { formatBytes, RECORD_LIMIT_HINT } from "./record-limit.js";
import { loadExcel, unreadableWorkbook } from "./xlsx-package.js";

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
 * Streams the rows of one worksheet (the first, or the one named `sheet`) with exceljs' streaming
 * reader, so a sheet of a million rows never sits in memory. Shared strings are cached (the
 * format needs them); rows are not. A row whose cells hold more than `maxRecordBytes` of text
 * stops the reading, naming it.
 */
export async function* readXlsx(
  input: AsyncIterable<Buffer>,
  options: { source: string; sheet?: string; maxRecordBytes?: number },
): AsyncGenerator<SheetRow, void, undefined> {
  const excel = await loadExcel();
  const maxRecordBytes = options.maxRecordBytes ?? Number.POSITIVE_INFINITY;
  const reader = new excel.stream.xlsx.WorkbookReader(Readable.from(input), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const seen: string[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      if (options.sheet !== undefined && name !== options.sheet) continue;
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
      return;
    }
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    throw unreadableWorkbook(options.source, error);
  }
  const missing =
    options.sheet === undefined ? "has no worksheet" : `has no sheet named "${options.sheet}"`;
  const sheets = seen.map((name) => JSON.stringify(name)).join(", ");
  throw new CliInputError(
    options.source,
    undefined,
    `${missing}; its sheets: ${sheets} (--sheet NAME)`,
  );
}
