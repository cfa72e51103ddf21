import { RESULT_COLUMNS } from "./result-columns.js";
/** Lines after the table that are not rows of it: a report's totals, notices, copyright. */
export interface SkippedFooter {
  lines: number[];
  /** The first of them, as written. */
  first: string;
}

/** What was read but is not a lead, once the rows are read through. */
export interface SkippedLines {
  /** Rows whose cells are all empty, skipped so far (neither sent nor rejected). */
  skippedEmpty(): number;
  /** The report footer skipped at the end of the table (CSV), once read through. */
  footer(): SkippedFooter | undefined;
  /** JSON Lines objects from which a results file's fields (`instantly_status`...) were dropped. */
  resultFieldsDropped(): number;
}

/** Said before the run when empty lines came before the header (sheets and exports often start so). */
export function preambleNotice(headerLine: number, firstLine: number): string | undefined {
  if (headerLine <= firstLine) return undefined;
  const count = headerLine - firstLine;
  return `The header is on line ${headerLine}: ${count === 1 ? "the empty line" : `the ${count} empty lines`} before it ${count === 1 ? "was" : "were"} skipped`;
}

// A report footer is a few lines (Salesforce: totals, a confidentiality line, a copyright);
// more short rows than this after an empty line are rows of the table, rejected one by one.
const FOOTER_LINES = 12;

/**
 * Rows with fewer cells than the header after an empty line, held back: a report footer if
 * nothing but such rows follows them, else rows of the table after all. A row holding an email
 * address is a lead, however short: never held.
 */
export class FooterHold<R extends { line: number; cells: string[] }> {
  private held: R[] = [];

  /** Holds the row when it may start or continue a footer; false when it is a row of the table. */
  hold(record: R, cells: readonly string[], width: number, afterBlank: boolean): boolean {
    const short = cells.length < width && !cells.some((cell) => cell.includes("@"));
    if (!short || !(afterBlank || this.held.length > 0) || this.held.length >= FOOTER_LINES) {
      return false;
    }
    this.held.push(record);
    return true;
  }

  /** The rows held so far, which a row of the table after them shows to be rows too. */
  release(): R[] {
    const held = this.held;
    if (held.length > 0) this.held = [];
    return held;
  }

  /** At the end of the table: the rows still held, as the footer skipped. */
  footer(): SkippedFooter | undefined {
    const first = this.held[0];
    if (first === undefined) return undefined;
    const text = first.cells.filter((cell) => cell.trim() !== "").join(" ");
    return { lines: this.held.map((held) => held.line), first: text };
  }
}

// Enough of a footer line to recognise it.
const FOOTER_QUOTE = 60;

function lineRange(lines: readonly number[]): string {
  const first = lines[0] as number;
  const last = lines[lines.length - 1] as number;
  return lines.length === 1 ? `line ${first}` : `lines ${first}-${last}`;
}

/**
 * The closing lines that account for what was read but is not a lead: all-empty rows, and a
 * report footer after the table. Nothing when there was neither.
 */
export function skippedLinesNote(input: SkippedLines): string | undefined {
  const lines: string[] = [];
  const skipped = input.skippedEmpty();
  if (skipped > 0) {
    lines.push(
      `${skipped} rows with every cell empty were skipped (not leads, so neither sent nor rejected)`,
    );
  }
  const footer = input.footer();
  if (footer !== undefined) {
    const first =
      footer.first.length > FOOTER_QUOTE
        ? `${footer.first.slice(0, FOOTER_QUOTE)}...`
        : footer.first;
    lines.push(
      `${footer.lines.length} lines after the table (${lineRange(footer.lines)}, from ${JSON.stringify(first)}) were skipped as a report footer: fewer cells than the header, after an empty line, at the end`,
    );
  }
  const resultFields = input.resultFieldsDropped();
  if (resultFields > 0) {
    lines.push(
      `${resultFields} lines held the fields a results file adds (${RESULT_COLUMNS.join(", ")}): they were dropped, not sent`,
    );
  }
  return lines.length === 0 ? undefined : lines.join("\n");
}
