#!/usr/bin/env node
// The CLI's entry. In a clone the TypeScript source runs through tsx (no build needed); an
// installed package has no src/ (and no tsx) and runs the compiled dist/.
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);
let entry = new URL("../dist/src/cli/main.js", import.meta.url);
if (existsSync(source)) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    entry = source;
  } catch {
    // A clone installed without devDependencies: fall back to the build (npm run build).
  }
}
const { runFromProcess } = await import(entry.href);
await runFromProcess();
