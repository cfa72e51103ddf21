import type { LeadOutcome, NotCreatedCause } from "../../leads/index.js";
import { EMAIL, emailKey } from "../../leads/lead-fields.js";
import { FirstLines } from "../first-lines.js";
import type { InputRow, RowRef, SkippedRow } from "../input/input-row.js";
import type { ResultsFile } from "./results-file.js";
import type { ResultsFormat, RowData, RowResult } from "./results-format.js";
import { isToFix, type RowStatus } from "./row-status.js";
import type { ResumedRows } from "./resumed-rows.js";

/** One row waiting for its turn: its data, and its outcome once known. */
interface Entry {
  line: number;
  data: RowData;
  result?: RowResult;
  toFix: boolean;
}

/** A file the rows go to: every row (results) or only the rows to fix (errors). */
export interface ResultsOutput {
  file: ResultsFile;
  format: ResultsFormat;
}

const SKIP_MESSAGES: Record<SkippedRow["reason"], string> = {
  empty: "every cell is empty: not a lead",
  footer: "a report footer line after the table: not a lead",
};

function withStatus(message: string | undefined, status: number | undefined): string {
  return status === undefined ? `: ${message ?? ""}` : ` (${status}): ${message ?? ""}`;
}

/**
 * Every row of the input with its outcome, written in input order as outcomes arrive (batches
 * settle out of order): a row waits until every row before it is settled, so memory holds only
 * the rows between the oldest unsettled one and the newest read, about the batches in flight.
 */
export class RowResults {
  private queue: Entry[] = [];
  private head = 0;
  /** Rows read and not yet settled, by row index. */
  private readonly waiting = new Map<number, Entry>();
  private readonly firstLines = new FirstLines();
  /** Rows settled and written, by status. */
  readonly counts = new Map<RowStatus, number>();
  /**
   * Rows sent and not created for a reason in the row itself (an email the API counts invalid, or
   * one an earlier row holds), counted with or without a file: the run exits 1 when there are any.
   */
  notCreatedToFix = 0;
  /**
   * Rows are kept for a file only. Without one, only the rows not created are settled (the import
   * hands over just those), for `notCreatedToFix`.
   */
  readonly keepsRows: boolean;
  /** The line of an earlier row with the same email, for rows not yet settled whose email repeats. */
  private readonly repeats = new Map<number, number>();

  constructor(
    private readonly results: ResultsOutput | undefined,
    private readonly errors: ResultsOutput | undefined,
    private readonly redact: (text: string) => string,
    private readonly resumed: ResumedRows | undefined,
  ) {
    this.keepsRows = results !== undefined || errors !== undefined;
  }

  /** The files written, for the summary. */
  get files(): { results: ResultsFile | undefined; errors: ResultsFile | undefined } {
    return { results: this.results?.file, errors: this.errors?.file };
  }

  /** A row read, in input order; its outcome comes later (settle*). */
  noteRow(row: InputRow): void {
    const { ref } = row;
    const key = "lead" in row ? emailKey(row.lead[EMAIL]) : undefined;
    const repeats = key === undefined ? undefined : this.firstLines.firstLine(key, ref.line);
    if (repeats !== undefined) this.repeats.set(ref.index, repeats);
    if (!this.keepsRows) return;
    const data: RowData = row.cells === undefined ? { value: ref.row } : { cells: row.cells };
    const entry: Entry = { line: ref.line, data, toFix: false };
    this.queue.push(entry);
    this.waiting.set(ref.index, entry);
  }

  /** A line that is not a lead, skipped; placed by its line among the rows. */
  noteSkipped(row: SkippedRow): void {
    if (!this.keepsRows) return;
    const entry: Entry = {
      line: row.line,
      data: { cells: row.cells, fill: true },
      result: { status: "skipped", id: "", message: SKIP_MESSAGES[row.reason] },
      toFix: false,
    };
    // Lines are settled nearly in order: a footer held back comes after the empty lines past it.
    let at = this.queue.length;
    while (at > this.head && this.queue[at - 1]!.line > row.line) at -= 1;
    this.queue.splice(at, 0, entry);
    this.flush();
  }

  /**
   * A row an earlier run of the journal accepted: `resumed`, with its lead's id when the journal
   * has it, or as that run recorded it when its lead was not created.
   */
  settleResumed(ref: RowRef): void {
    const earlier = this.resumed?.outcome(ref.index);
    if (earlier === undefined) {
      const id = this.resumed?.id(ref.index);
      this.settle(ref.index, "resumed", id, "accepted by an earlier run of this journal", false);
      return;
    }
    const { status, id, message, cause } = earlier;
    const said = status === "not_created" ? this.notCreated(ref.index, message, cause) : undefined;
    const text = said?.text ?? message;
    this.settle(
      ref.index,
      status,
      id,
      `in an earlier run of this journal: ${text}`,
      said?.inRow ?? false,
    );
  }

  /** A row never sent: the import stopped before it (read only to list it). */
  settleNotSent(ref: RowRef, message: string): void {
    this.settle(ref.index, "not_sent", undefined, message, false);
  }

  /** A row rejected before it reached the import (unparsable, or the wrong number of cells). */
  settleRejected(ref: RowRef, message: string): void {
    this.settle(ref.index, "rejected", undefined, message, false);
  }

  /** A row sent, never read, or the import stopped first: as the import recorded it. */
  settleOutcome(outcome: LeadOutcome<RowRef>): void {
    const { status, id, message, http_status, cause } = outcome;
    let text = message ?? "";
    let inRow = false;
    if (status === "not_created")
      ({ text, inRow } = this.notCreated(outcome.ref.index, text, cause));
    if (status === "refused") text = `refused by the server${withStatus(message, http_status)}`;
    if (status === "failed") text = `its batch failed${withStatus(message, http_status)}`;
    if (status === "not_sent" && !text.startsWith("not sent")) text = `not sent: ${text}`;
    this.settle(outcome.ref.index, status, id, text, inRow);
  }

  /**
   * Settles every row still waiting as not sent (`why`: the import stopped or was interrupted
   * before it), writes the rest and puts the files in place.
   */
  finish(why: string): void {
    // Without a file nothing waits: a row read and not settled only follows a stop or Ctrl-C,
    // whose exit status says more than these rows would.
    for (const entry of this.waiting.values()) {
      entry.result = { status: "not_sent", id: "", message: this.redact(why) };
      entry.toFix = true;
    }
    this.waiting.clear();
    this.flush();
    this.results?.file.finish();
    this.errors?.file.finish();
  }

  /** Removes the temporary files: the run ended in an error. */
  discard(): void {
    this.results?.file.discard();
    this.errors?.file.discard();
  }

  /**
   * What to say of a row sent and not created: the line of an earlier row with its email, when
   * the API gave no other reason (it keeps one lead per email), else the import's message.
   * `inRow`: the reason is in the row itself, so the row is one to fix.
   */
  private notCreated(
    index: number,
    message: string,
    cause: NotCreatedCause | undefined,
  ): { text: string; inRow: boolean } {
    const repeats = this.repeats.get(index);
    if ((cause === "duplicate" || cause === "counters") && repeats !== undefined) {
      const text = `the same email as line ${repeats} of this file: the API keeps one lead per email`;
      return { text, inRow: true };
    }
    return { text: message, inRow: cause === "invalid_email" };
  }

  private settle(
    index: number,
    status: RowStatus,
    id: string | undefined,
    message: string,
    inRow: boolean,
  ): void {
    this.repeats.delete(index);
    if (status === "not_created" && inRow) this.notCreatedToFix += 1;
    if (!this.keepsRows) return;
    const entry = this.waiting.get(index);
    if (entry === undefined) return;
    this.waiting.delete(index);
    entry.result = { status, id: id ?? "", message: this.redact(message) };
    entry.toFix = isToFix(status, inRow);
    this.flush();
  }

  /** Writes the settled rows at the head of the queue. */
  private flush(): void {
    const { queue } = this;
    while (this.head < queue.length) {
      const entry = queue[this.head]!;
      const { result } = entry;
      if (result === undefined) break;
      this.counts.set(result.status, (this.counts.get(result.status) ?? 0) + 1);
      if (this.results !== undefined) {
        this.results.file.write(this.results.format.line(entry.data, result));
      }
      if (this.errors !== undefined && entry.toFix) {
        this.errors.file.write(this.errors.format.line(entry.data, result));
      }
      this.head += 1;
    }
    // The written head is dropped once it is most of the array.
    if (this.head > 1024 && this.head * 2 > queue.length) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
  }
}
