import { CliUsageError } from "../errors.js";
import type { MappingOptions } from "./columns.js";
import type { InputFormat } from "./format.js";
import { DEFAULT_MAX_RECORD_BYTES } from "./record-limit.js";

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

export function maxRecordBytesOf(spec: InputSpec): number {
  return spec.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
}

/** Refuses a flag that cannot apply to the format: it would be ignored without a word. */
export function refuseMisplacedFlags(spec: InputSpec, format: InputFormat): void {
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
