import type { CreatedRow, NotCreatedRow } from "./cli-report.js";
import { createReadStream } from "node:fs";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * The rows of accepted batches, created and not created, parked on disk (JSON lines) until the
 * report is written, so memory stays flat; only when there is no journal to hold them.
 */
export interface CreatedSpool {
  append(created: readonly CreatedRow[], notCreated: readonly NotCreatedRow[]): Promise<void>;
  /** Every created lead appended so far, read back in order. */
  read(): AsyncIterable<CreatedRow>;
  /** Every row not created appended so far, read back in order. */
  readNotCreated(): AsyncIterable<NotCreatedRow>;
  dispose(): Promise<void>;
}

/** A spool in a fresh temporary folder; appends are serialized. */
export async function createSpool(): Promise<CreatedSpool> {
  const folder = await mkdtemp(join(tmpdir(), "instantly-client-"));
  const createdPath = join(folder, "created-leads.jsonl");
  const notCreatedPath = join(folder, "not-created.jsonl");
  const handles: FileHandle[] = [await open(createdPath, "w"), await open(notCreatedPath, "w")];
  const [created, notCreated] = handles as [FileHandle, FileHandle];
  let queue: Promise<unknown> = Promise.resolve();
  const lines = (items: readonly unknown[]) =>
    items.map((item) => `${JSON.stringify(item)}\n`).join("");
  async function* readBack<T>(path: string): AsyncGenerator<T> {
    await queue;
    for await (const line of createInterface({
      input: createReadStream(path),
      crlfDelay: Infinity,
    })) {
      yield JSON.parse(line) as T;
    }
  }
  return {
    append(createdRows, notCreatedRows) {
      if (createdRows.length > 0) {
        const text = lines(createdRows);
        queue = queue.then(() => created.write(text));
      }
      if (notCreatedRows.length > 0) {
        const text = lines(notCreatedRows);
        queue = queue.then(() => notCreated.write(text));
      }
      return queue.then(() => {});
    },
    read: () => readBack<CreatedRow>(createdPath),
    readNotCreated: () => readBack<NotCreatedRow>(notCreatedPath),
    async dispose() {
      await queue.catch(() => {});
      await Promise.all(handles.map((handle) => handle.close()));
      await rm(folder, { recursive: true, force: true });
    },
  };
}
