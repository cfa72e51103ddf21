// The only modules that know openapi-typescript (this one and emit-types-thread.js, where it
// runs): replacing it (it is in maintenance mode upstream) means rewriting these alone, keeping
// the exported names `paths`, `components` and `operations`.
import { Worker } from "node:worker_threads";
import type { OpenAPIV3_1 } from "openapi-types";

import typesPackage from "openapi-typescript/package.json" with { type: "json" };

/** The version of the types emitter, named in every generated file's header. */
export const typesGeneratorVersion: string = typesPackage.version;

/**
 * Emits the TypeScript types of a bundled document (component schemas keep their names) on a
 * worker thread. Given `file`, the thread reads the document itself instead of receiving a copy.
 */
export function emitTypes(bundled: OpenAPIV3_1.Document, file?: string): Promise<string> {
  const worker = new Worker(new URL("./emit-types-thread.js", import.meta.url), {
    workerData: file === undefined ? { document: bundled } : { file },
  });
  return new Promise<string>((resolve, reject) => {
    worker.once("message", ({ text, error }: { text?: string; error?: string }) => {
      if (error !== undefined) reject(new Error(`openapi-typescript: ${error}`));
      else resolve(text!);
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the types emitter exited (${code})`)));
  }).finally(() => void worker.terminate());
}
