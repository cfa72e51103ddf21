// Worker thread of the format pool: loads prettier and its TypeScript parser at once, before any
// job arrives, then formats the sources it is sent with the given options. Plain JavaScript so
// that it loads in any runner (tsx, vitest, node) without a TypeScript loader.
import { parentPort } from "node:worker_threads";
import * as prettier from "prettier";

// Formatting a line once loads the babel-ts parser and the estree printer, prettier's lazy plugins.
const warm = prettier.format("type A = 1;\n", { parser: "babel-ts" }).catch(() => {});

parentPort.on("message", async ({ id, source, options }) => {
  await warm;
  try {
    parentPort.postMessage({ id, text: await prettier.format(source, options) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
