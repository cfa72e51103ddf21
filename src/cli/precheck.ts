/** A structural problem of a CSV file, at the line where it starts. */
export interface CsvProblem {
  /** `quote` stops csv-parse; `cells` (a row longer than the header) does not. */
  kind: "quote" | "cells";
  line: number;
  message: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Scans CSV text (UTF-8 buffers) by csv-parse's rules without building records: a quote that
 * opens and never closes (named at the line it opens on), a quote inside an unquoted field, text
 * after a closing quote, and a row with more cells than the header. A byte loop, so the pre-pass
 * costs a fraction of the import. `firstLine` is the line number of the first byte (after a
 * `sep=` line).
 */
export class CsvStructureScanner {
  private state = State.FieldStart;
  private line: number;
  private afterCr = false;
  private cells = 1;
  private recordLine: number;
  private recordEmpty = true;
  private quoteLine = 0;
  private headerCells: number | undefined;
  private readonly delimiter: number;

  constructor(delimiter: string, firstLine = 1) {
    const bytes = Buffer.from(delimiter, "utf8");
    if (bytes.length !== 1) throw new Error("the pre-pass needs a one-byte delimiter");
    this.delimiter = bytes[0] as number;
    this.line = firstLine;
    this.recordLine = firstLine;
  }

  /** The first problem found so far. */
  problem: CsvProblem | undefined;
  /** The first quoting problem (the one csv-parse stops at); scanning stops there. */
  quoteProblem: CsvProblem | undefined;

  private note(problem: CsvProblem | undefined): void {
    this.problem ??= problem;
    if (problem?.kind === "quote") this.quoteProblem ??= problem;
  }

  scan(chunk: Buffer): void {
    if (this.quoteProblem === undefined) this.note(this.scanChunk(chunk));
  }

  /** Ends the input: an unclosed quote, or a problem of the last row. */
  end(): void {
    if (this.quoteProblem === undefined) this.note(this.endInput());
  }

  private scanChunk(chunk: Buffer): CsvProblem | undefined {
    const delimiter = this.delimiter;
    const length = chunk.length;
    for (let at = 0; at < length; at++) {
      if (this.state === State.Unquoted) {
        // Most bytes are plain text inside a cell: skip them in a tight loop.
        let next = chunk[at] as number;
        while (next !== delimiter && next !== QUOTE && next !== LF && next !== CR) {
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
          if (counts) this.line += 1;
          continue;
        }
        this.note(this.endRecord());
        if (counts) this.line += 1;
        this.recordLine = this.line;
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
          else this.state = State.Unquoted;
          break;
        case State.Unquoted:
          if (byte === delimiter) {
            this.cells += 1;
            this.state = State.FieldStart;
          } else if (byte === QUOTE) {
            return {
              kind: "quote",
              line: this.line,
              message: `a quote inside an unquoted cell (cell ${this.cells}); quote the whole cell and double the quote ("")`,
            };
          }
          break;
        case State.Quoted:
          if (byte === QUOTE) this.state = State.QuoteInQuoted;
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
    const { cells, recordEmpty, recordLine } = this;
    this.state = State.FieldStart;
    this.cells = 1;
    this.recordEmpty = true;
    if (recordEmpty) return undefined;
    if (this.headerCells === undefined) {
      this.headerCells = cells;
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
