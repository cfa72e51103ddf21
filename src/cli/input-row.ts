/** One data row of the input: its 0-based position among the rows, the line it starts on, the
 * original row (CSV text or JSONL object) and either the lead built from it or why it has none. */
export type InputRow = { index: number; line: number; row: unknown } & (
  { lead: Record<string, unknown> } | { issue: { field: string; message: string } }
);
