import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { CliUsageError } from "../errors.js";

// Written in pieces: a million rows never become one string, and a piece costs one write.
const FLUSH_AT = 64 * 1024;

/**
 * A results or errors file, written as rows are settled into a temporary file beside `path` and
 * renamed over it when done, so a reader sees the old file or the whole new one. Writes are
 * synchronous: rows are settled in callbacks that cannot wait, and the disk keeps up with the API.
 */
export class ResultsFile {
  private readonly temporary: string;
  private readonly fd: number;
  private pending: string[] = [];
  private size = 0;
  /** Rows written. */
  rows = 0;

  constructor(
    readonly path: string,
    flag: string,
    head: string,
  ) {
    this.temporary = `${path}.${process.pid}.tmp`;
    try {
      this.fd = openSync(this.temporary, "w");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new CliUsageError(`${flag} ${path}: cannot be written (${code})`);
    }
    if (head !== "") this.put(head);
  }

  /** Adds one row's line. */
  write(line: string): void {
    this.rows += 1;
    this.put(line);
  }

  /** Writes what is left, syncs and renames the file into place. */
  finish(): void {
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.temporary, this.path);
  }

  /** Gives up: the temporary file is removed, an earlier file at `path` is left as it was. */
  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by finish().
    }
    rmSync(this.temporary, { force: true });
  }

  private put(text: string): void {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(""));
    this.pending = [];
    this.size = 0;
  }
}
