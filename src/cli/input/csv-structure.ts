import type { CsvLayout } from "./csv-layout.js";
import { formatBytes, RECORD_LIMIT_HINT } from "./record-limit.js";

/** A structural problem of a CSV file, at the line where it starts. */
export interface CsvProblem {
  /**
   * `quote` (a broken quoted cell) and `size` (a record over the limit) stop reading;
   * `cells` (a row longer than the header) does not.
   */
  kind: "quote" | "size" | "cells";
  line: number;
  message: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Scans CSV text (UTF-8 buffers) by the rules the reader parses with (csv-parse, quotes relaxed)
 * without building records: a quote that opens and never closes (named at the line it opens on),
 * text after a closing quote, a record larger than `maxRecordBytes`, and a row with more cells
 * than the header. A quote inside an unquoted cell (`37°36'37.8"N`) is a literal character, as
 * spreadsheet programs read it. Lines whose cells are all empty before the header are not the
 * header. A byte loop, so the pre-pass costs a fraction of the import. `firstLine` is the line
 * number of the first byte (after a `sep=` line).
 */
export class CsvStructureScanner {
  private state = State.FieldStart;
  private line: number;
  private afterCr = false;
  private cells = 1;
  private recordLine: number;
  private recordEmpty = true;
  /** Whether the record has a cell that is not blank (only before the header matters). */
  private recordText = false;
  private quoteLine = 0;
  private headerCells: number | undefined;
  private readonly delimiter: number;
  /** Bytes scanned before the current chunk, and where the current record starts. */
  private offset = 0;
  private recordStart = 0;

  constructor(
    delimiter: string,
    firstLine = 1,
    private readonly maxRecordBytes = Number.POSITIVE_INFINITY,
  ) {
    const bytes = Buffer.from(delimiter, "utf8");
    if (bytes.length !== 1) throw new Error("the pre-pass needs a one-byte delimiter");
    this.delimiter = bytes[0] as number;
    this.line = firstLine;
    this.recordLine = firstLine;
  }

  /** The first problem found so far. */
  problem: CsvProblem | undefined;
  /** The first problem that stops reading (a broken quote, a record too large); scanning stops there. */
  fatal: CsvProblem | undefined;

  private note(problem: CsvProblem | undefined): void {
    this.problem ??= problem;
    if (problem !== undefined && problem.kind !== "cells") this.fatal ??= problem;
  }

  scan(chunk: Buffer): void {
    if (this.fatal !== undefined) return;
    this.note(this.scanChunk(chunk));
    this.offset += chunk.length;
    // Checked once a chunk: a record stops at most one chunk past the limit, and is never held.
    if (this.fatal === undefined && this.offset - this.recordStart > this.maxRecordBytes) {
      this.note(this.oversized());
    }
  }

  /** Ends the input: an unclosed quote, or a problem of the last row. */
  end(): void {
    if (this.fatal === undefined) this.note(this.endInput());
  }

  private oversized(): CsvProblem {
    const limit = formatBytes(this.maxRecordBytes);
    const quoted =
      this.state === State.Quoted
        ? `; a quote opens on line ${this.quoteLine} and is not closed within it`
        : "";
    return {
      kind: "size",
      line: this.recordLine,
      message: `a record larger than ${limit} starts here${quoted} ${RECORD_LIMIT_HINT}`,
    };
  }

  private scanChunk(chunk: Buffer): CsvProblem | undefined {
    const delimiter = this.delimiter;
    const length = chunk.length;
    for (let at = 0; at < length; at++) {
      if (this.state === State.Unquoted) {
        let next = chunk[at] as number;
        if (!this.recordText) {
          // Blank cells (spaces, tabs) before the header do not make a header.
          while (next === SPACE || next === TAB) {
            if (++at === length) return undefined;
            next = chunk[at] as number;
          }
          if (next !== delimiter && next !== LF && next !== CR) this.recordText = true;
        }
        // Most bytes are plain text inside a cell: skip them in a tight loop. A quote among
        // them is a literal character.
        while (next !== delimiter && next !== LF && next !== CR) {
          if (++at === length) return undefined;
          next = chunk[at] as number;
        }
      }
      const byte = chunk[at] as number;
      const isBreak = byte === LF || byte === CR;
      if (isBreak) {
        // CRLF is one break; a lone CR (old Mac files) is one too, as csv-parse reads it.
        const counts = !(byte === LF && this.afterCr);
        this.afterCr = byte === CR;
        if (this.state === State.Quoted) {
          this.recordText = true;
          if (counts) this.line += 1;
          continue;
        }
        if (this.offset + at - this.recordStart > this.maxRecordBytes) return this.oversized();
        this.note(this.endRecord());
        if (counts) this.line += 1;
        this.recordLine = this.line;
        this.recordStart = this.offset + at + 1;
        continue;
      }
      this.afterCr = false;
      switch (this.state) {
        case State.FieldStart:
          this.recordEmpty = false;
          if (byte === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
          } else if (byte === delimiter) this.cells += 1;
          else {
            if (byte !== SPACE && byte !== TAB) this.recordText = true;
            this.state = State.Unquoted;
          }
          break;
        case State.Unquoted:
          if (byte === delimiter) {
            this.cells += 1;
            this.state = State.FieldStart;
          }
          break;
        case State.Quoted:
          if (byte === QUOTE) this.state = State.QuoteInQuoted;
          else this.recordText = true;
          break;
        case State.QuoteInQuoted:
          if (byte === QUOTE) this.state = State.Quoted;
          else if (byte === delimiter) {
            this.cells += 1;
            this.state = State.FieldStart;
          } else {
            return {
              kind: "quote",
              line: this.line,
              message: `text after the closing quote of cell ${this.cells} (a quote inside a quoted cell is written "")`,
            };
          }
          break;
      }
    }
    return undefined;
  }

  private endInput(): CsvProblem | undefined {
    if (this.state === State.Quoted) {
      return {
        kind: "quote",
        line: this.quoteLine,
        message: "a quote opens here and is never closed; every row after it would be one cell",
      };
    }
    return this.endRecord();
  }

  private endRecord(): CsvProblem | undefined {
    const { cells, recordEmpty, recordLine, recordText } = this;
    this.state = State.FieldStart;
    this.cells = 1;
    this.recordEmpty = true;
    this.recordText = false;
    if (recordEmpty) return undefined;
    if (this.headerCells === undefined) {
      // A line of empty cells (`,,,,`) before the header is skipped, as the reader skips it.
      if (recordText) this.headerCells = cells;
      return undefined;
    }
    if (cells > this.headerCells) {
      return {
        kind: "cells",
        line: recordLine,
        message: `has ${cells} cells where the header has ${this.headerCells} (an unquoted delimiter in a cell?)`,
      };
    }
    return undefined;
  }
}

/** CsvStructureScanner for a layout, or none when its delimiter is not one byte. */
export function scannerFor(
  layout: CsvLayout,
  maxRecordBytes: number,
): CsvStructureScanner | undefined {
  if (Buffer.byteLength(layout.delimiter) !== 1) return undefined;
  return new CsvStructureScanner(layout.delimiter, 1 + layout.skipLines, maxRecordBytes);
}
