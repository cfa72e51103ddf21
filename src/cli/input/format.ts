import { extname } from "node:path";
import { CliUsageError } from "../errors.js";

/** The input formats `--format` accepts. */
export const INPUT_FORMATS = ["csv", "jsonl", "xlsx"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

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
