import { join } from "node:path";
import type { Options } from "prettier";
import { joinFormatted, splitSource, wrapChunk } from "./format-chunks.js";
import { projectRoot } from "./project-root.js";

/** Chunk size: small, so little is formatted around each change (upstream: 110 KB, 360 KB at 16 KiB). */
const CHUNK_BYTES = 1024;

// prettier is loaded in this thread only when something is formatted here (generate formats on its
// FormatPool, whose threads load their own).
const loadPrettier = () => import("prettier");

/** prettier's options for a file in generated/ (its own config: tabWidth 4, no practical width). */
export async function prettierOptions(): Promise<Options> {
  const prettier = await loadPrettier();
  const config = await prettier.resolveConfig(join(projectRoot, "generated", "schema.gen.ts"));
  // babel-ts formats printer output a third faster than the typescript parser `prettier --check`
  // infers for .ts files, with the same result (checked on the upstream and GitHub documents;
  // the check in npm test, and the tests' own with the typescript parser, would catch a difference).
  return { ...config, parser: "babel-ts" };
}

/** Formats TypeScript whole with generated/'s prettier config. */
export async function formatTypeScript(source: string): Promise<string> {
  const prettier = await loadPrettier();
  return prettier.format(source, await prettierOptions());
}

/** How `formatTypes` cuts and what it formats. */
export interface FormatTypesOptions {
  chunkBytes?: number;
  /** Format every chunk, not only those prettier may change (to compare with formatting whole). */
  all?: boolean;
  /** Where prettier runs (a FormatPool's threads, for one); by default in this thread. */
  format?: (sources: string[], options: Options) => Promise<string[]>;
}

/**
 * Formats the printer-made types the way prettier formats them whole, formatting only the pieces
 * prettier would change. openapi-typescript's printer already writes what prettier writes under
 * generated/'s config, except where a union or intersection holds a multi-line object literal,
 * where a string holds a double quote, or past the print width; `mayChange` finds those.
 */
export async function formatTypes(
  source: string,
  { chunkBytes = CHUNK_BYTES, all = false, format = formatHere }: FormatTypesOptions = {},
): Promise<string> {
  const { skeleton, chunks } = splitSource(source, chunkBytes);
  const jobs = [skeleton, ...chunks.map(wrapChunk)];
  const config = await readConfig();
  const width = config.printWidth ?? 80;
  const picked = jobs.flatMap((job, i) => (all || mayChange(job, width) ? [i] : []));
  if (picked.length === 0) return source;
  const options: Options = { ...config, parser: "babel-ts" };
  const sources = picked.map((i) => jobs[i]!);
  let formatted: string[];
  try {
    formatted = await format(sources, options);
  } catch {
    // A piece the cutter got wrong does not parse alone; the whole file always does.
    return (await format([source], options))[0]!;
  }
  picked.forEach((job, i) => (jobs[job] = formatted[i]!));
  return joinFormatted(jobs[0]!, chunks, jobs.slice(1));
}

/**
 * Whether prettier may change a piece of printer output: a line past the print width, a union or
 * intersection next to a multi-line literal (`null | {`, `} | {`, `}) & {`), or a string with an
 * escaped double quote (prettier would switch to single quotes). Doc comments are left as written.
 */
export function mayChange(text: string, printWidth: number): boolean {
  for (const line of text.split("\n")) {
    if (line.length > printWidth) return true;
    const code = line.trimStart();
    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) continue;
    if (code.includes('\\"')) return true;
    // `} | null;` closes `name: {`, which prettier keeps hugged as `{ ... } | null`.
    if (/^\}( \| null)+(\)\[\])?;$/.test(code)) continue;
    if (/[|&]/.test(code) && (/[{(]$/.test(code) || /^[})\]]/.test(code))) return true;
  }
  return false;
}

async function formatHere(sources: string[], options: Options): Promise<string[]> {
  const prettier = await loadPrettier();
  return Promise.all(sources.map((source) => prettier.format(source, options)));
}

// generated/'s prettier config, read without loading prettier (it is a plain JSON file).
async function readConfig(): Promise<Options> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(join(projectRoot, "generated", ".prettierrc.json"), "utf8");
  return JSON.parse(text) as Options;
}
