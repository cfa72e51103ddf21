import { describeMapping } from "./columns.js";
import type { OpenedInput } from "./read-input.js";

/**
 * Says what will be read before anything is sent: the encoding when not UTF-8, then the column
 * mapping (`info`, quiet-able). Returns false, after saying so on `notice`, when the input has no
 * data rows and there is nothing to do.
 */
export function announceInput(
  input: OpenedInput,
  info: (text: string) => void,
  notice: (text: string) => void,
): boolean {
  for (const line of input.notices) info(line);
  if (input.mapping !== undefined) info(describeMapping(input.mapping));
  if (!input.empty) return true;
  input.close();
  notice(`${input.source} has a header but no data rows: nothing to import, nothing was sent`);
  return false;
}

/** The line that accounts for skipped all-empty rows, or nothing when there were none. */
export function emptyRowsLine(input: OpenedInput): string | undefined {
  const skipped = input.skippedEmpty();
  if (skipped === 0) return undefined;
  return `${skipped} rows with every cell empty were skipped (not leads, so neither sent nor rejected)`;
}
