import { RESULT_COLUMNS, RESULT_INPUT_FIELD, isResultColumn } from "../input/result-columns.js";
import { CliUsageError } from "../errors.js";
import type { InputFormat } from "../input/format.js";
import { extname } from "node:path";
import type { RowStatus } from "./row-status.js";

/** A row's outcome as the three result columns hold it. */
export interface RowResult {
  status: RowStatus;
  id: string;
  message: string;
}

/**
 * What a results file holds of a row: a table's cells, or a JSON Lines line's value. `fill`: a
 * short row is filled out to the header with empty cells (a line skipped, never imported again,
 * so its outcome can stand under its own header).
 */
export type RowData = { cells: readonly string[]; fill?: true } | { value: unknown };

/** How rows and their outcomes are written: a CSV (Excel's UTF-8 with a BOM) or JSON Lines. */
export interface ResultsFormat {
  /** What the file starts with (a BOM and the header, for a CSV). */
  head: string;
  line(data: RowData, result: RowResult): string;
}

/** The input as the results files need it: its format, header and delimiter. */
export interface ResultsSource {
  format: InputFormat;
  /** A table's header cells as read. */
  header: readonly string[] | undefined;
  /** The names the mapping read the header as (repeated names made distinct). */
  names: readonly string[] | undefined;
  delimiter: string | undefined;
}

const BOM = "\uFEFF";
const CRLF = "\r\n";

/** A CSV cell, quoted when it holds the delimiter, a quote or a line break. */
function csvCell(value: string, delimiter: string): string {
  const needsQuotes =
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes("\n") ||
    value.includes("\r");
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The positions of a header's columns that are not a results file's own (those are written anew). */
function keptPositions(header: readonly string[]): number[] {
  return header.flatMap((name, position) => (isResultColumn(name) ? [] : [position]));
}

/**
 * A row's cells without the outcome columns of an earlier results file; a row longer than the
 * header keeps its extra cells, so that a row refused for its shape stays as it was read.
 */
function keptCells(
  cells: readonly string[],
  kept: readonly number[],
  width: number,
  fill: boolean,
): string[] {
  const out = kept
    .filter((position) => fill || position < cells.length)
    .map((position) => cells[position] ?? "");
  return cells.length > width ? [...out, ...cells.slice(width)] : out;
}

function csvFormat(source: ResultsSource, delimiter: string): ResultsFormat {
  const header = source.header ?? [];
  const kept = keptPositions(header);
  const join = (cells: readonly string[]) =>
    cells.map((cell) => csvCell(cell, delimiter)).join(delimiter);
  const headCells = [...kept.map((position) => header[position]!), ...RESULT_COLUMNS];
  return {
    head: `${BOM}${join(headCells)}${CRLF}`,
    line(data, { status, id, message }) {
      const cells =
        "cells" in data ? keptCells(data.cells, kept, header.length, data.fill === true) : [];
      return `${join([...cells, status, id, message])}${CRLF}`;
    },
  };
}

function jsonlFormat(source: ResultsSource): ResultsFormat {
  const names = source.names ?? source.header;
  const kept = names === undefined ? [] : keptPositions(names);
  const outcome = ({ status, id, message }: RowResult) => ({
    [RESULT_COLUMNS[0]]: status,
    [RESULT_COLUMNS[1]]: id,
    [RESULT_COLUMNS[2]]: message,
  });
  return {
    head: "",
    line(data, result) {
      let fields: Record<string, unknown>;
      if ("cells" in data) {
        fields = {};
        for (const position of kept) {
          if (position < data.cells.length) fields[names![position]!] = data.cells[position];
        }
        // Cells past the header have no name of their own.
        for (let at = names!.length; at < data.cells.length; at++) {
          fields[`column ${at + 1}`] = data.cells[at];
        }
      } else {
        const { value } = data;
        const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
        fields = isObject ? { ...value } : { [RESULT_INPUT_FIELD]: value };
      }
      return `${JSON.stringify({ ...fields, ...outcome(result) })}\n`;
    },
  };
}

const CSV_EXTENSIONS = new Set([".csv", ".tsv", ".txt"]);
const JSONL_EXTENSIONS = new Set([".jsonl", ".ndjson"]);

/**
 * What a results file at `path` is, by its extension: CSV or JSON Lines. A JSON Lines input has
 * no header to make a CSV of, so its results are JSON Lines. Checked when the command line is
 * read, before the input is opened.
 */
export function resultsKind(flag: string, path: string, input: InputFormat): "csv" | "jsonl" {
  const extension = extname(path).toLowerCase();
  if (JSONL_EXTENSIONS.has(extension)) return "jsonl";
  if (!CSV_EXTENSIONS.has(extension)) {
    throw new CliUsageError(
      `${flag} ${path}: name the file .csv (or .tsv, .txt) or .jsonl; the extension chooses the format`,
    );
  }
  if (input === "jsonl") {
    throw new CliUsageError(
      `${flag} ${path}: the input is JSON Lines, so its results are too; name the file .jsonl`,
    );
  }
  return "csv";
}

/**
 * How a results file is written (see resultsKind): a CSV with the input's delimiter (a tab for
 * `.tsv` when the input has none, else a comma), or JSON Lines.
 */
export function resultsFormat(flag: string, path: string, source: ResultsSource): ResultsFormat {
  if (resultsKind(flag, path, source.format) === "jsonl") return jsonlFormat(source);
  const tsv = extname(path).toLowerCase() === ".tsv";
  return csvFormat(source, source.delimiter ?? (tsv ? "\t" : ","));
}
