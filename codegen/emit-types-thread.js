// Worker thread of emit-types.ts. Plain JavaScript on purpose: a worker does not inherit the
// TypeScript loader (tsx) of the thread that starts it, so openapi-typescript and TypeScript, most
// of a run's loading, load here without the loader's per-module hooks, beside the main thread's
// work. Each request names the spec's file (or carries the bundled document); the reply is the
// printed types.
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import openapiTS, { astToString } from "openapi-typescript";

parentPort.on("message", async ({ id, file, document }) => {
  try {
    const source = document ?? JSON.parse(readFileSync(file, "utf8"));
    const ast = await openapiTS(source, { alphabetize: false, exportType: false });
    parentPort.postMessage({ id, text: astToString(ast) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
