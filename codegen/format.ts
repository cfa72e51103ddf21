import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as prettier from "prettier";

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Formats TypeScript with the project's prettier config, wherever the output is written. */
export async function formatTypeScript(source: string): Promise<string> {
  const config = await prettier.resolveConfig(join(projectRoot, "generated", "index.ts"));
  return prettier.format(source, { ...config, parser: "typescript" });
}
