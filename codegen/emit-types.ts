// The only modules that know openapi-typescript (this one and emit-types-thread.js, where it
// runs): replacing it (it is in maintenance mode upstream) means rewriting these alone, keeping
// the exported names `paths`, `components` and `operations`.
import { Worker } from "node:worker_threads";
import type { OpenAPIV3_1 } from "openapi-types";

import typesPackage from "openapi-typescript/package.json" with { type: "json" };

/** The version of the types emitter, named in every generated file's header. */
export const typesGeneratorVersion: string = typesPackage.version;

interface Job {
  resolve(text: string): void;
  reject(error: Error): void;
}

// One thread per process, started on first use and kept (idle, it does not hold the process
// open), so repeated calls load openapi-typescript once.
let thread: { worker: Worker; jobs: Map<number, Job> } | undefined;
let nextId = 0;

function typesThread(): NonNullable<typeof thread> {
  if (thread) return thread;
  // Without the parent's loader (tsx): the thread is plain JavaScript, and the loader's per-module
  // hooks would add half a second to loading TypeScript there.
  const worker = new Worker(new URL("./emit-types-thread.js", import.meta.url), { execArgv: [] });
  worker.unref(); // held open only while a job runs (see emitTypes)
  const jobs = new Map<number, Job>();
  const current = { worker, jobs };
  const fail = (error: Error): void => {
    if (thread === current) thread = undefined;
    for (const job of jobs.values()) job.reject(error);
    jobs.clear();
  };
  worker.on("message", ({ id, text, error }: { id: number; text?: string; error?: string }) => {
    const job = jobs.get(id);
    jobs.delete(id);
    if (jobs.size === 0) worker.unref();
    if (error !== undefined) job?.reject(new Error(`openapi-typescript: ${error}`));
    else job?.resolve(text!);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the types emitter exited (${code})`)));
  return (thread = current);
}

/**
 * Starts the types thread ahead of the first `emitTypes`: loading openapi-typescript and
 * TypeScript takes it about a second, which then overlaps whatever the caller loads meanwhile.
 */
export function startTypesEmitter(): void {
  typesThread();
}

/**
 * Emits the TypeScript types of a bundled document (component schemas keep their names) on a
 * worker thread. Given `file`, the thread reads the document itself instead of receiving a copy.
 */
export function emitTypes(bundled: OpenAPIV3_1.Document, file?: string): Promise<string> {
  const { worker, jobs } = typesThread();
  const id = nextId++;
  worker.ref();
  return new Promise<string>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    worker.postMessage(file === undefined ? { id, document: bundled } : { id, file });
  });
}
