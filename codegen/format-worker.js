// Worker thread of the formatting pool: formats the sources it is sent with the given options.
// Plain JavaScript so that it loads in any runner (tsx, vitest, node) without a TypeScript loader.
import { parentPort } from "node:worker_threads";
import * as prettier from "prettier";

parentPort.on("message", async ({ id, source, options }) => {
  try {
    parentPort.postMessage({ id, text: await prettier.format(source, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
