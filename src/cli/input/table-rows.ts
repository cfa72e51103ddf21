import { CliInputError } from "../errors.js";
import { planColumns, requireEmailColumn, requireLeadField, type ColumnPlan } from "./columns.js";
import type { InputRow, SkippedRow } from "./input-row.js";
import { leadFromCells } from "./lead-from-cells.js";
import type { InputSpec } from "./input-spec.js";
import { FooterHold, preambleNotice, type SkippedFooter } from "./skipped-lines.js";

/** A record of a table (CSV or a worksheet): its cells, where it starts and what it was. */
export interface Cells {
  line: number;
  raw: unknown;
  cells: string[];
  bytes?: number;
  /** Empty lines come right before it (CSV). */
  blankBefore?: boolean;
}

/** Where reading stands, shared by the row generator and the progress display. */
export interface Reading {
  consumed: number;
  skipped: number;
  footer: SkippedFooter | undefined;
  /** JSON Lines objects that held a results file's fields, dropped. */
  resultFields: number;
  /** Told of each line skipped, in the order it is settled (the results files list them). */
  onSkipped?: ((row: SkippedRow) => void) | undefined;
}

/** The rows of a table with its header's column plan, and what to say before the run. */
export interface Table {
  rows: AsyncGenerator<InputRow, void, undefined>;
  /** The header's cells as read. */
  header: string[];
  plan: ColumnPlan;
  empty: boolean;
  notices: string[];
}

// Enough rows to tell an email column by its values, few enough to hold.
const SAMPLE_ROWS = 100;

/**
 * The rows of a table of records: skips empty lines before the header, plans the columns from the
 * header, and reads a sample before returning (`eager`), so a bad header or a mapping that would
 * lose the emails is refused before anything is sent. `firstLine` is the header's line when
 * nothing comes before it; `toSource` turns a record's `bytes` into bytes of the input.
 */
export async function tableRows(
  records: AsyncIterator<Cells>,
  source: string,
  spec: InputSpec,
  reading: Reading,
  toSource: (bytes: number) => number,
  eager: boolean,
  firstLine: number,
): Promise<Table> {
  let header = await records.next();
  // Sheets and exports often start with empty rows or lines of empty cells (`,,,,`).
  while (header.done !== true && header.value.cells.every((cell) => cell.trim() === "")) {
    header = await records.next();
  }
  if (header.done === true)
    throw new CliInputError(source, undefined, "is empty; expected a header line");
  const headerLine = header.value.line;
  const notices = [preambleNotice(headerLine, firstLine)].filter((notice) => notice !== undefined);
  let plan: ColumnPlan;
  try {
    plan = planColumns(header.value.cells, spec.mapping);
    requireLeadField(plan);
  } catch (error) {
    throw new CliInputError(source, headerLine, `bad header: ${(error as Error).message}`);
  }
  const sample: Cells[] = [];
  let ended = false;
  // Refuses a mapping that would lose the emails, from the first rows, before any is handed out.
  const takeSample = async () => {
    while (sample.length < SAMPLE_ROWS) {
      const next = await records.next();
      if (next.done === true) {
        ended = true;
        break;
      }
      sample.push(next.value);
    }
    try {
      const cells = sample.map((record) => record.cells);
      requireEmailColumn(plan, cells, spec.emailRequired ?? false);
    } catch (error) {
      throw new CliInputError(source, headerLine, `bad header: ${(error as Error).message}`);
    }
  };
  // A pipe may idle for long: its sample is taken as its rows are first asked for, which is
  // still before any is sent.
  if (eager) await takeSample();
  const width = plan.columns.length;
  const typed = spec.typedColumns ?? false;
  const padded = spec.format === "xlsx";
  const empty = ended && sample.every((record) => record.cells.every((cell) => cell.trim() === ""));
  const rowOf = (record: Cells, cells: string[], index: number): InputRow => {
    const ref = { index, line: record.line, row: record.raw };
    if (cells.length !== width) {
      const message = `has ${cells.length} fields where the header has ${width}`;
      return { ref, cells, issue: { field: "", message } };
    }
    return { ref, cells, lead: leadFromCells(cells, plan.columns, typed) };
  };
  const rows = (async function* () {
    let index = 0;
    // A sheet's rows end at their last filled cell, so in an .xlsx a short row is an ordinary
    // row, never held as a footer.
    const footer = new FooterHold<Cells>();
    let afterBlank = false;
    try {
      if (!eager) await takeSample();
      // The sample, then the rest: one loop, as a generator layer per row costs a million rows dearly.
      for (let at = 0; ; at++) {
        let record: Cells;
        if (at < sample.length) record = sample[at]!;
        else {
          if (ended) break;
          const next = await records.next();
          if (next.done === true) break;
          record = next.value;
        }
        const { cells: read, bytes } = record;
        if (bytes !== undefined) reading.consumed = toSource(bytes);
        // A sheet ends its rows at the last filled cell; empty cells past the header are nothing.
        const cells = padded ? fit(read, width) : read;
        if (cells.every((cell) => cell.trim() === "")) {
          reading.skipped += 1;
          reading.onSkipped?.({ line: record.line, cells, reason: "empty" });
          afterBlank = true;
          continue;
        }
        const blank = afterBlank || record.blankBefore === true;
        afterBlank = false;
        if (!padded && footer.hold(record, cells, width, blank)) continue;
        for (const held of footer.release()) yield rowOf(held, held.cells, index++);
        yield rowOf(record, cells, index++);
      }
      reading.footer = footer.footer();
      for (const held of footer.release()) {
        reading.onSkipped?.({ line: held.line, cells: held.cells, reason: "footer" });
      }
    } finally {
      // Stopping early (Ctrl-C, a fatal answer) closes the file too.
      await records.return?.();
    }
  })();
  return { rows, header: header.value.cells, plan, empty, notices };
}

function fit(cells: string[], width: number): string[] {
  if (cells.length >= width) {
    return cells.slice(width).every((cell) => cell === "") ? cells.slice(0, width) : cells;
  }
  return [...cells, ...Array<string>(width - cells.length).fill("")];
}
