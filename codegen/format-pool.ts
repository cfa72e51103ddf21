import { Worker } from "node:worker_threads";
import type { Options } from "prettier";

interface Reply {
  id: number;
  text?: string;
  error?: string;
}

interface Job {
  id: number;
  source: string;
  options: Options;
  resolve(text: string): void;
  reject(error: Error): void;
}

/**
 * Worker threads that load prettier the moment they start, so that loading it (most of what
 * formatting costs) overlaps the run's validation and type emission instead of following them.
 * They start without the parent's loader (tsx): prettier is plain JavaScript, and a loader's
 * per-module hooks would double its load time.
 */
export class FormatPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private nextId = 0;
  private broken: Error | undefined;

  constructor(size: number) {
    this.workers = Array.from({ length: Math.max(1, size) }, () => this.spawn());
    this.idle = [...this.workers];
  }

  /** Formats every source with the same options; the results are in the sources' order. */
  format(sources: readonly string[], options: Options): Promise<string[]> {
    // Largest first, so the last job to start is a small one and the workers finish together.
    const order = sources.map((_, i) => i).sort((a, b) => sources[b]!.length - sources[a]!.length);
    const results = new Array<Promise<string>>(sources.length);
    for (const i of order) {
      results[i] = new Promise<string>((resolve, reject) => {
        this.queue.push({ id: this.nextId++, source: sources[i]!, options, resolve, reject });
      });
    }
    this.pump();
    return Promise.all(results);
  }

  /** Stops the threads; jobs not yet done are rejected. */
  async close(): Promise<void> {
    this.fail(new Error("the format pool was closed"));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./format-worker.js", import.meta.url), { execArgv: [] });
    worker.on("message", (reply: Reply) => {
      const job = this.running.get(worker);
      if (job === undefined || job.id !== reply.id) return;
      this.running.delete(worker);
      this.idle.push(worker);
      if (reply.error !== undefined) job.reject(new Error(reply.error));
      else job.resolve(reply.text!);
      this.pump();
    });
    worker.on("error", (error) => this.fail(error));
    // Idle threads do not hold the process open; a thread with a job does (see pump).
    worker.unref();
    return worker;
  }

  private pump(): void {
    if (this.broken) this.fail(this.broken);
    while (this.queue.length > 0 && this.idle.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.ref();
      worker.postMessage({ id: job.id, source: job.source, options: job.options });
    }
    for (const worker of this.idle) worker.unref();
  }

  private fail(error: Error): void {
    this.broken ??= error;
    for (const job of [...this.queue, ...this.running.values()]) job.reject(error);
    this.queue.length = 0;
    this.running.clear();
  }
}
