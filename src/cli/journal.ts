import type { CreatedRow, NotCreatedRow } from "./cli-report.js";
import type { ImportTotals, NotCreatedCause } from "../leads/index.js";
import { addTotals } from "../leads/response.js";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat, truncate, type FileHandle } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { isDeepStrictEqual } from "node:util";
import type { LeadTarget } from "../leads/index.js";
import { CliUsageError } from "./errors.js";
import { IndexSet, toRanges, type IndexRange } from "./index-ranges.js";
import { zeroCounters } from "../leads/response.js";

/** What makes an input file the same file on a later run. */
export interface InputIdentity {
  path: string;
  format: string;
  size: number;
  mtimeMs: number;
  headSha256: string;
}

interface HeaderLine {
  type: "header";
  version: 1;
  input: InputIdentity;
  target: LeadTarget;
}

/**
 * A row of an accepted batch whose lead was not created: already in the target (with its id when
 * looked up), or not created and why. A rerun's results file gives it again, not as a bare "resumed".
 */
export interface JournaledOutcome {
  index: number;
  /** Where the row starts (absent in journals written before it was kept). */
  line?: number;
  status: "existing" | "not_created";
  id?: string;
  message: string;
  cause?: NotCreatedCause;
}

/**
 * One accepted batch: its input rows (as ranges), the response counters, created leads and the
 * other rows' outcomes (`outcomes`, absent when every lead was created or in journals before it).
 */
interface BatchLine {
  type: "batch";
  rows: IndexRange[];
  totals: ImportTotals;
  remaining_in_plan: number | null;
  created_leads: CreatedRow[];
  outcomes?: JournaledOutcome[];
}

/**
 * Rows of a batch that failed while the server may have applied it (cancelled on the wire by
 * Ctrl-C, a timeout, a 5xx): a rerun sends them again as replays, to recover their ids.
 */
interface MaybeAppliedLine {
  type: "maybe_applied";
  rows: IndexRange[];
}

type JournalLine = HeaderLine | BatchLine | MaybeAppliedLine;

/** An accepted batch to record, with indices and created leads already in input-row terms. */
export interface JournalEntry {
  indices: readonly number[];
  totals: ImportTotals;
  remaining_in_plan: number | null;
  created_leads: CreatedRow[];
  outcomes: JournaledOutcome[];
}

/** What an accepted batch settled, as recorded. */
export interface RecordedBatch {
  created_leads: CreatedRow[];
  outcomes?: JournaledOutcome[];
}

/** What earlier runs recorded, and the append side for this run. */
export interface Journal {
  accepted: IndexSet;
  /** Rows of failed batches the server may have applied (some accepted since: `accepted` wins). */
  maybeApplied: IndexSet;
  prior: { batches: number; totals: ImportTotals; remaining_in_plan: number | null };
  /** Appends one accepted batch and fsyncs it before resolving; writes are serialized. */
  append(entry: JournalEntry): Promise<void>;
  /** Appends the rows of a failed batch the server may have applied, fsynced like `append`. */
  appendMaybeApplied(indices: readonly number[]): Promise<void>;
  /** The created leads of every batch recorded, by earlier runs and this one, read back in order. */
  createdLeads(): AsyncIterable<CreatedRow>;
  /** Every batch recorded: its created leads and its other rows' outcomes, read back in order. */
  batches(): AsyncIterable<RecordedBatch>;
  /** The rows not created of every batch recorded, for the report file, read back in order. */
  notCreated(): AsyncIterable<NotCreatedRow>;
  close(): Promise<void>;
}

const HEAD_BYTES = 1024 * 1024;

/** Path, format, size, mtime and a hash of the first MiB: enough to refuse resuming another file. */
export async function identifyInput(path: string, format: string): Promise<InputIdentity> {
  const stats = await stat(path);
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, stats.size));
    await handle.read(buffer, 0, buffer.length, 0);
    const headSha256 = createHash("sha256").update(buffer).digest("hex");
    return { path: resolve(path), format, size: stats.size, mtimeMs: stats.mtimeMs, headSha256 };
  } finally {
    await handle.close();
  }
}

async function* journalLines(path: string): AsyncGenerator<{ text: string; end: number }> {
  let end = 0;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const text of lines) {
    end += Buffer.byteLength(text) + 1;
    yield { text, end };
  }
}

interface Recorded {
  header: HeaderLine | undefined;
  batches: BatchLine[];
  maybeApplied: IndexRange[];
  validBytes: number;
}

function nothingRecorded(): Recorded {
  return { header: undefined, batches: [], maybeApplied: [], validBytes: 0 };
}

// Reads every recorded batch; a torn last line (a crash mid-write) is dropped, anything else is refused.
async function readRecorded(path: string, size: number): Promise<Recorded> {
  const recorded = nothingRecorded();
  let lineNumber = 0;
  for await (const { text, end } of journalLines(path)) {
    lineNumber += 1;
    let line: JournalLine;
    try {
      line = JSON.parse(text) as JournalLine;
    } catch {
      if (end >= size) break;
      throw new CliUsageError(`journal ${path} line ${lineNumber} is not JSON; it is damaged`);
    }
    if (end > size) break;
    if (lineNumber === 1 && line.type === "header") recorded.header = line;
    else if (lineNumber > 1 && line.type === "batch") recorded.batches.push(lightBatch(line));
    else if (lineNumber > 1 && line.type === "maybe_applied")
      recorded.maybeApplied.push(...line.rows);
    else throw new CliUsageError(`journal ${path} line ${lineNumber} is not a journal entry`);
    recorded.validBytes = end;
  }
  return recorded;
}

// Created leads and outcomes are read back only when needed, so they are not kept here.
function lightBatch(line: BatchLine): BatchLine {
  const { outcomes: _outcomes, ...rest } = line;
  return { ...rest, created_leads: [] };
}

function describeMismatch(recorded: HeaderLine, expected: HeaderLine): string | undefined {
  if (!isDeepStrictEqual(recorded.target, expected.target)) {
    return `it was started for ${JSON.stringify(recorded.target)}`;
  }
  if (!isDeepStrictEqual(recorded.input, expected.input)) {
    const { path, size, mtimeMs } = recorded.input;
    return `it was started for ${path} (${size} bytes, modified ${new Date(mtimeMs).toISOString()}); the input differs`;
  }
  return undefined;
}

/**
 * Opens (creating if needed) an append-only journal of accepted batches for this input and
 * target; an existing journal of another input or target is refused with a CliUsageError.
 */
export async function openJournal(
  path: string,
  input: InputIdentity,
  target: LeadTarget,
): Promise<Journal> {
  const expected: HeaderLine = { type: "header", version: 1, input, target };
  const size = (await stat(path).catch(() => undefined))?.size ?? 0;
  const recorded: Recorded = size === 0 ? nothingRecorded() : await readRecorded(path, size);
  if (recorded.header !== undefined) {
    const mismatch = describeMismatch(recorded.header, expected);
    if (mismatch !== undefined) {
      throw new CliUsageError(
        `journal ${path} cannot be resumed: ${mismatch}. Use another --journal file for this import.`,
      );
    }
  }
  if (recorded.validBytes < size) await truncate(path, recorded.validBytes);
  const handle: FileHandle = await open(path, "a");
  let queue: Promise<void> = Promise.resolve();
  const write = (line: JournalLine): Promise<void> => {
    queue = queue.then(async () => {
      await handle.write(`${JSON.stringify(line)}\n`);
      await handle.sync();
    });
    return queue;
  };
  if (recorded.header === undefined) await write(expected);
  const prior = recorded.batches.reduce(
    (sum, batch) => ({
      batches: sum.batches + 1,
      totals: addTotals(sum.totals, batch.totals),
      remaining_in_plan: batch.remaining_in_plan ?? sum.remaining_in_plan,
    }),
    { batches: 0, totals: zeroCounters(), remaining_in_plan: null as number | null },
  );
  // The batch lines on disk, read back whole: every append this far has been written and synced.
  async function* batchLines(): AsyncGenerator<BatchLine> {
    await queue;
    for await (const { text } of journalLines(path)) {
      const line = JSON.parse(text) as JournalLine;
      if (line.type === "batch") yield line;
    }
  }

  return {
    accepted: new IndexSet(recorded.batches.flatMap((batch) => batch.rows)),
    maybeApplied: new IndexSet(recorded.maybeApplied),
    prior,
    append: (entry) =>
      write({
        type: "batch",
        rows: toRanges(entry.indices),
        totals: entry.totals,
        remaining_in_plan: entry.remaining_in_plan,
        created_leads: entry.created_leads,
        ...(entry.outcomes.length === 0 ? {} : { outcomes: entry.outcomes }),
      }),
    appendMaybeApplied: (indices) => write({ type: "maybe_applied", rows: toRanges(indices) }),
    async *createdLeads() {
      for await (const batch of batchLines()) yield* batch.created_leads;
    },
    async *notCreated() {
      for await (const batch of batchLines()) {
        for (const { index, line, status, message, cause } of batch.outcomes ?? []) {
          if (status !== "not_created" || cause === undefined) continue;
          yield { index, line: line ?? 0, message, cause };
        }
      }
    },
    batches: batchLines,
    close: async () => {
      await queue;
      await handle.close();
    },
  };
}
