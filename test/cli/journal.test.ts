import { zeroCounters } from "../../src/leads/response.js";
import { appendFile, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliUsageError } from "../../src/cli/errors.js";
import { identifyInput, openJournal, type JournalEntry } from "../../src/cli/journal.js";
import { CAMPAIGN, tempFolder } from "./support/run-cli.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
let input: string;
beforeAll(async () => {
  folder = await tempFolder();
  input = await folder.file("leads.csv", "Email\na@x.example\nb@x.example\nc@x.example\n");
});
afterAll(() => folder.remove());

const target = { campaign_id: CAMPAIGN };
let journals = 0;
const nextJournal = () => `${folder.path}/journal-${(journals += 1)}.jsonl`;

function entry(indices: number[], uploaded: number): JournalEntry {
  return {
    indices,
    totals: { ...zeroCounters(), total_sent: indices.length, leads_uploaded: uploaded },
    remaining_in_plan: 100 - uploaded,
    created_leads: indices.slice(0, uploaded).map((index) => ({ index, id: `id-${index}` })),
    outcomes: indices.slice(uploaded).map((index) => ({
      index,
      status: "not_created" as const,
      message: "1 in_blocklist",
      cause: "counters" as const,
    })),
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("openJournal", () => {
  it("starts empty, then gives a later run the accepted rows, totals and created leads", async () => {
    const path = nextJournal();
    const identity = await identifyInput(input, "csv");
    const first = await openJournal(path, identity, target);
    expect(first.accepted.size).toBe(0);
    expect(first.prior).toEqual({ batches: 0, totals: zeroCounters(), remaining_in_plan: null });
    await Promise.all([first.append(entry([0, 1], 2)), first.append(entry([3], 0))]);
    await first.close();

    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(lines.map((line) => (JSON.parse(line) as { type: string }).type)).toEqual([
      "header",
      "batch",
      "batch",
    ]);
    expect(JSON.parse(lines[1] ?? "")).toMatchObject({ rows: [[0, 1]] });

    const second = await openJournal(path, identity, target);
    expect([0, 1, 2, 3].map((index) => second.accepted.has(index))).toEqual([
      true,
      true,
      false,
      true,
    ]);
    expect(second.prior.batches).toBe(2);
    expect(second.prior.totals).toMatchObject({ total_sent: 3, leads_uploaded: 2 });
    expect(second.prior.remaining_in_plan).toBe(100);
    expect(await collect(second.createdLeads())).toEqual([
      { index: 0, id: "id-0" },
      { index: 1, id: "id-1" },
    ]);
    // The rows of an accepted batch not created, for a rerun's results file; none, no field.
    expect((await collect(second.batches())).flatMap((batch) => batch.outcomes ?? [])).toEqual([
      { index: 3, status: "not_created", message: "1 in_blocklist", cause: "counters" },
    ]);
    expect(JSON.parse(lines[1] ?? "")).not.toHaveProperty("outcomes");
    // The journal is the store of created leads: this run's follow the earlier runs'.
    await second.append(entry([2], 1));
    await second.close();
    expect((await collect(second.createdLeads())).map((lead) => lead.index)).toEqual([0, 1, 2]);
  });

  it("drops a torn last line (a crash mid-write) and appends after the last whole one", async () => {
    const path = nextJournal();
    const identity = await identifyInput(input, "csv");
    const first = await openJournal(path, identity, target);
    await first.append(entry([0], 1));
    await first.close();
    await appendFile(path, '{"type":"batch","rows":[[1,');

    const second = await openJournal(path, identity, target);
    expect(second.accepted.size).toBe(1);
    await second.append(entry([1], 1));
    await second.close();
    const third = await openJournal(path, identity, target);
    expect(third.accepted.size).toBe(2);
    await third.close();
  });

  it("records rows the server may have applied, apart from accepted ones", async () => {
    const path = nextJournal();
    const identity = await identifyInput(input, "csv");
    const first = await openJournal(path, identity, target);
    expect(first.maybeApplied.size).toBe(0);
    await first.append(entry([0], 1));
    await first.appendMaybeApplied([2, 1]);
    await first.close();
    const lines = (await readFile(path, "utf8")).trim().split("\n");
    expect(JSON.parse(lines[2] ?? "")).toEqual({ type: "maybe_applied", rows: [[1, 2]] });

    const second = await openJournal(path, identity, target);
    expect(second.maybeApplied.ranges).toEqual([[1, 2]]);
    expect(second.accepted.ranges).toEqual([[0, 0]]);
    expect(second.prior.batches).toBe(1);
    expect(await collect(second.createdLeads())).toEqual([{ index: 0, id: "id-0" }]);
    await second.close();
    // A torn maybe_applied line is dropped like any other.
    await appendFile(path, '{"type":"maybe_applied","rows":[[0,');
    const third = await openJournal(path, identity, target);
    expect(third.maybeApplied.ranges).toEqual([[1, 2]]);
    await third.close();
  });

  it("reads a journal written before maybe_applied lines existed", async () => {
    const path = nextJournal();
    const identity = await identifyInput(input, "csv");
    const header = { type: "header", version: 1, input: identity, target };
    const batch = {
      type: "batch",
      rows: [[0, 1]],
      totals: { ...zeroCounters(), total_sent: 2, leads_uploaded: 2 },
      remaining_in_plan: 98,
      created_leads: [
        { index: 0, id: "id-0" },
        { index: 1, id: "id-1" },
      ],
    };
    await writeFile(path, `${JSON.stringify(header)}\n${JSON.stringify(batch)}\n`);
    const journal = await openJournal(path, identity, target);
    expect(journal.accepted.ranges).toEqual([[0, 1]]);
    expect(journal.maybeApplied.size).toBe(0);
    expect(journal.prior.batches).toBe(1);
    await journal.close();
  });

  it("refuses a journal damaged before its last line", async () => {
    const path = nextJournal();
    const identity = await identifyInput(input, "csv");
    const first = await openJournal(path, identity, target);
    await first.close();
    await appendFile(path, "garbage\n");
    await appendFile(
      path,
      `${JSON.stringify({ type: "batch", rows: [], totals: zeroCounters() })}\n`,
    );
    await expect(openJournal(path, identity, target)).rejects.toThrow(/line 2 is not JSON/);
  });

  it.each([
    ["another target", async () => ({ target: { list_id: CAMPAIGN } })],
    ["another format", async () => ({ identity: await identifyInput(input, "jsonl") })],
    [
      "a modified input",
      async () => {
        const changed = await folder.file("changed.csv", "Email\na@x.example\n");
        const journal = nextJournal();
        const identity = await identifyInput(changed, "csv");
        await (await openJournal(journal, identity, target)).close();
        await writeFile(changed, "Email\nz@x.example\n");
        const { mtime } = await stat(changed);
        await utimes(changed, mtime, new Date(mtime.getTime() + 5000));
        return { journal, identity: await identifyInput(changed, "csv") };
      },
    ],
  ])("refuses to resume for %s", async (_name, change) => {
    const base = { journal: nextJournal(), identity: await identifyInput(input, "csv"), target };
    await (await openJournal(base.journal, base.identity, base.target)).close();
    const changed = { ...base, ...(await change()) };
    const opening = openJournal(changed.journal, changed.identity, changed.target);
    await expect(opening).rejects.toBeInstanceOf(CliUsageError);
    await expect(openJournal(changed.journal, changed.identity, changed.target)).rejects.toThrow(
      /cannot be resumed/,
    );
  });
});
