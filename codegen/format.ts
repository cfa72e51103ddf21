import { join } from "node:path";
import * as prettier from "prettier";
import { joinFormatted, splitSource, wrapChunk } from "./format-chunks.js";
import { formatInWorkers } from "./format-pool.js";
import { projectRoot } from "./project-root.js";

/** Below this many bytes in all, starting worker threads costs more than it saves. */
const PARALLEL_THRESHOLD = 512 * 1024;
/** Chunk size for splitting large files: small enough to spread over the cores evenly. */
const CHUNK_BYTES = 128 * 1024;

/** The project's prettier options for TypeScript, wherever the output is written. */
export async function prettierOptions(): Promise<prettier.Options> {
  const config = await prettier.resolveConfig(join(projectRoot, "generated", "index.ts"));
  return { ...config, parser: "typescript" };
}

/** Formats TypeScript with the project's prettier config. */
export async function formatTypeScript(source: string): Promise<string> {
  return prettier.format(source, await prettierOptions());
}

/**
 * Formats several TypeScript sources; large ones are cut into chunks formatted on all cores
 * (see format-chunks.ts), with the same result as formatting each file whole.
 */
export async function formatAll(
  sources: string[],
  options = { chunkBytes: CHUNK_BYTES },
): Promise<string[]> {
  const total = sources.reduce((sum, source) => sum + source.length, 0);
  if (total < PARALLEL_THRESHOLD) return Promise.all(sources.map(formatTypeScript));
  const splits = sources.map((source) => splitSource(source, options.chunkBytes));
  const jobs = splits.flatMap((split) => [split.skeleton, ...split.chunks.map(wrapChunk)]);
  const formatted = await formatInWorkers(jobs, await prettierOptions());
  let at = 0;
  return splits.map((split) => {
    const skeleton = formatted[at++]!;
    const chunks = formatted.slice(at, (at += split.chunks.length));
    return joinFormatted(skeleton, split.chunks, chunks);
  });
}
