import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LeadOutcome } from "../../../src/leads/index.js";
import type { InputRow, RowRef } from "../../../src/cli/input/input-row.js";
import { ResultsFile } from "../../../src/cli/results/results-file.js";
import { resultsFormat } from "../../../src/cli/results/results-format.js";
import { ResumedRows } from "../../../src/cli/results/resumed-rows.js";
import { RowResults } from "../../../src/cli/results/row-results.js";

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "row-results-"));
});
afterEach(() => rm(folder, { recursive: true, force: true }));

const source = { format: "csv", header: ["email"], names: ["email"], delimiter: "," } as const;

function open(resumed?: ResumedRows) {
  const format = resultsFormat("--results", "r.csv", source);
  const results = {
    file: new ResultsFile(join(folder, "r.csv"), "--results", format.head),
    format,
  };
  const errors = { file: new ResultsFile(join(folder, "e.csv"), "--errors", format.head), format };
  return new RowResults(results, errors, (text) => text.replaceAll("SECRET", "***"), resumed);
}

/** Row i: line 2i + 2 (a line between rows for skipped ones), its email as its only cell. */
function row(index: number, email: string): InputRow & { ref: RowRef } {
  return { ref: { index, line: 2 * index + 2, row: email }, cells: [email], lead: { email } };
}

function outcome(ref: RowRef, fields: Omit<LeadOutcome, "index">): LeadOutcome<RowRef> {
  return { index: ref.index, ref, ...fields };
}

async function lines(name: string): Promise<string[]> {
  const text = await readFile(join(folder, name), "utf8");
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .slice(1, -1);
}

describe("RowResults", () => {
  it("writes rows in input order whatever order they settle in, and only rows to fix to errors", async () => {
    const results = open();
    const rows = ["a@x.example", "b@x.example", "A@x.example", "c@x.example", "d@x.example"].map(
      (email, index) => row(index, email),
    );
    for (const each of rows) results.noteRow(each);
    results.noteSkipped({ line: 7, cells: [""], reason: "empty" });
    // Nothing can be written before row 0 settles.
    results.settleOutcome(
      outcome(rows[3]!.ref, { status: "failed", http_status: 500, message: "SECRET down" }),
    );
    results.settleOutcome(
      outcome(rows[2]!.ref, { status: "not_created", cause: "counters", message: "1 of 2" }),
    );
    expect(results.counts.size).toBe(0);
    results.settleOutcome(outcome(rows[0]!.ref, { status: "created", id: "id-0" }));
    results.settleRejected(rows[1]!.ref, "email: bad");
    results.finish("interrupted");
    expect(await lines("r.csv")).toEqual([
      "a@x.example,created,id-0,",
      "b@x.example,rejected,,email: bad",
      "A@x.example,not_created,,the same email as line 2 of this file: the API keeps one lead per email",
      ",skipped,,every cell is empty: not a lead",
      "c@x.example,failed,,its batch failed (500): *** down",
      "d@x.example,not_sent,,interrupted",
    ]);
    expect(await lines("e.csv")).toEqual([
      "b@x.example,rejected,,email: bad",
      "A@x.example,not_created,,the same email as line 2 of this file: the API keeps one lead per email",
      "c@x.example,failed,,its batch failed (500): *** down",
      "d@x.example,not_sent,,interrupted",
    ]);
    expect(Object.fromEntries(results.counts)).toEqual({
      created: 1,
      rejected: 1,
      not_created: 1,
      skipped: 1,
      failed: 1,
      not_sent: 1,
    });
  });

  it("keeps a not-created row with no reason in it out of the errors file", async () => {
    const results = open();
    const only = row(0, "a@x.example");
    results.noteRow(only);
    results.settleOutcome(
      outcome(only.ref, { status: "not_created", cause: "counters", message: "1 in_blocklist" }),
    );
    results.finish("unused");
    expect(await lines("r.csv")).toEqual(["a@x.example,not_created,,1 in_blocklist"]);
    expect(await lines("e.csv")).toEqual([]);
  });

  it("gives resumed rows the id the journal holds, or what an earlier run said of a row not created", async () => {
    const resumed = new ResumedRows();
    resumed.add(1, "019ffad2-9c4e-7be6-8364-ed444afb02d5");
    resumed.addOutcome({ index: 2, status: "not_created", message: "x", cause: "counters" });
    const results = open(resumed);
    const rows = [row(0, "a@x.example"), row(1, "b@x.example"), row(2, "A@x.example")];
    for (const each of rows) {
      results.noteRow(each);
      results.settleResumed(each.ref);
    }
    results.finish("unused");
    expect(await lines("r.csv")).toEqual([
      "a@x.example,resumed,,accepted by an earlier run of this journal",
      "b@x.example,resumed,019ffad2-9c4e-7be6-8364-ed444afb02d5,accepted by an earlier run of this journal",
      "A@x.example,not_created,,in an earlier run of this journal: the same email as line 2 of this file: the API keeps one lead per email",
    ]);
  });

  it("leaves an earlier file in place when the run is discarded", async () => {
    const results = open();
    results.noteRow(row(0, "a@x.example"));
    results.discard();
    await expect(readFile(join(folder, "r.csv"))).rejects.toThrow(/ENOENT/);
  });
});
