import type { CreatedRow } from "./cli-report.js";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Created leads parked on disk (JSON lines) until the report is written, so memory stays flat. */
export interface CreatedSpool {
  append(leads: readonly CreatedRow[]): Promise<void>;
  /** Every lead appended so far, read back in order. */
  read(): AsyncIterable<CreatedRow>;
  dispose(): Promise<void>;
}

/** A spool in a fresh temporary folder; appends are serialized. */
export async function createSpool(): Promise<CreatedSpool> {
  const folder = await mkdtemp(join(tmpdir(), "instantly-client-"));
  const path = join(folder, "created-leads.jsonl");
  const handle: FileHandle = await open(path, "w");
  let queue: Promise<unknown> = Promise.resolve();
  return {
    append(leads) {
      if (leads.length === 0) return queue.then(() => {});
      const text = leads.map((lead) => `${JSON.stringify(lead)}\n`).join("");
      queue = queue.then(() => handle.write(text));
      return queue.then(() => {});
    },
    async *read() {
      await queue;
      const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
      for await (const line of lines) yield JSON.parse(line) as CreatedRow;
    },
    async dispose() {
      await queue.catch(() => {});
      await handle.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
