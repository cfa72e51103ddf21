/** Where a lead came from: its 0-based position among the input's rows, the line it starts on and
 * the original row (CSV text or JSONL object). It is the ref of the row's lead in importLeads. */
export interface RowRef {
  index: number;
  line: number;
  row: unknown;
}

/**
 * One data row of the input, with either the lead built from it or why it has none. Its `ref` is
 * made once, here, and is the row's identity everywhere after: importLeads' ref, the report's row.
 */
export type InputRow = {
  ref: RowRef;
  /** A table's cells as read (CSV, .xlsx), for the results files. */
  cells?: readonly string[];
} & ({ lead: Record<string, unknown> } | { issue: { field: string; message: string } });

/** A line of a table that is not a lead, skipped: a row of empty cells, or a report footer line. */
export interface SkippedRow {
  line: number;
  cells: readonly string[];
  reason: "empty" | "footer";
}
