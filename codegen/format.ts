import { join } from "node:path";
import * as prettier from "prettier";
import { FormatCache } from "./format-cache.js";
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
  // babel-ts formats generated types a third faster than the typescript parser, with the same
  // output (checked on the upstream and GitHub documents; `npm test`'s prettier --check, which
  // uses the typescript parser, would catch a difference).
  return { ...config, parser: "babel-ts" };
}

/** Formats TypeScript with the project's prettier config. */
export async function formatTypeScript(source: string): Promise<string> {
  return prettier.format(source, await prettierOptions());
}

/** How `formatAll` cuts and caches. */
export interface FormatAllOptions {
  /** Chunk size for large files. */
  chunkBytes?: number;
  /** Reuse formatting from earlier runs (node_modules/.cache); off for measuring a cold run. */
  cache?: boolean;
}

/**
 * Formats several TypeScript sources; large ones are cut into chunks formatted on all cores
 * (see format-chunks.ts), with the same result as formatting each file whole. Chunks formatted
 * by an earlier run are taken from the cache.
 */
export async function formatAll(
  sources: string[],
  { chunkBytes = CHUNK_BYTES, cache = true }: FormatAllOptions = {},
): Promise<string[]> {
  const options = await prettierOptions();
  const store = cache
    ? new FormatCache(
        join(projectRoot, "node_modules", ".cache", "instantly-client-codegen"),
        `${prettier.version}\0${JSON.stringify(options)}`,
      )
    : undefined;
  const large = sources.reduce((sum, source) => sum + source.length, 0) >= PARALLEL_THRESHOLD;
  const splits = sources.map((source) =>
    large ? splitSource(source, chunkBytes) : { skeleton: source, chunks: [] },
  );
  const jobs = splits.flatMap((split) => [split.skeleton, ...split.chunks.map(wrapChunk)]);
  const formatted = await formatJobs(jobs, options, store);
  let at = 0;
  return splits.map((split) => {
    const skeleton = formatted[at++]!;
    const chunks = formatted.slice(at, (at += split.chunks.length));
    return joinFormatted(skeleton, split.chunks, chunks);
  });
}

async function formatJobs(
  jobs: string[],
  options: prettier.Options,
  store: FormatCache | undefined,
): Promise<string[]> {
  const keys = store ? jobs.map((job) => store.key(job)) : [];
  const results = await Promise.all(jobs.map((_, i) => store?.get(keys[i]!)));
  const missing = jobs.flatMap((_, i) => (results[i] === undefined ? [i] : []));
  const sources = missing.map((i) => jobs[i]!);
  const size = sources.reduce((sum, source) => sum + source.length, 0);
  const formatted =
    size >= PARALLEL_THRESHOLD
      ? await formatInWorkers(sources, options)
      : await Promise.all(sources.map((source) => prettier.format(source, options)));
  missing.forEach((job, i) => (results[job] = formatted[i]!));
  if (store) {
    await Promise.all(missing.map((job) => store.set(keys[job]!, results[job]!)));
    await store.prune();
  }
  return results as string[];
}
