import { EMAIL } from "../leads/lead-fields.js";
import type { RowRef } from "./input/input-row.js";

/** A row a real run would send but the API is likely not to create (a dry run's finding). */
export interface RowWarning {
  index: number;
  line: number;
  field: string;
  message: string;
}

/** What a check found about one row: the line whose email it repeats, or anything else. */
export type RowFinding = { emailRepeats: number } | { field: string; message: string };

/**
 * A dry run's warnings, in input order. An all-duplicates file of a million rows warns a million
 * times: as objects and strings that took ~300 MB, so each is kept as three numbers (row, line,
 * repeated line) in typed arrays, and only the rarer free-text warnings as strings.
 */
export class RowWarnings implements Iterable<RowWarning> {
  private rows = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  // The line a warning's email repeats, or 0 when the warning is `texts`' entry.
  private repeats = new Uint32Array(1024);
  private readonly texts = new Map<number, { field: string; message: string }>();
  private size = 0;

  get count(): number {
    return this.size;
  }

  add(ref: RowRef, findings: readonly RowFinding[]): void {
    for (const finding of findings) {
      if (this.size === this.rows.length) this.grow();
      this.rows[this.size] = ref.index;
      this.lines[this.size] = ref.line;
      if ("emailRepeats" in finding) {
        this.repeats[this.size] = finding.emailRepeats;
      } else {
        this.texts.set(this.size, finding);
      }
      this.size += 1;
    }
  }

  *[Symbol.iterator](): Iterator<RowWarning> {
    for (let at = 0; at < this.size; at += 1) {
      const index = this.rows[at] ?? 0;
      const line = this.lines[at] ?? 0;
      const repeats = this.repeats[at] ?? 0;
      const text = this.texts.get(at);
      yield text === undefined
        ? { index, line, field: EMAIL, message: `repeats line ${repeats}` }
        : { index, line, ...text };
    }
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const grown = (from: Uint32Array) => {
      const to = new Uint32Array(size);
      to.set(from);
      return to;
    };
    this.rows = grown(this.rows);
    this.lines = grown(this.lines);
    this.repeats = grown(this.repeats);
  }
}
