import { mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFilesAtomically } from "./spec/atomic-write.js";

/**
 * Writes every changed file atomically (see spec/atomic-write.ts) and removes stale `.gen.ts` files;
 * a failure leaves the folder as it was. Returns the names whose content changed.
 */
export async function writeGenerated(
  outDir: string,
  files: Map<string, string>,
): Promise<string[]> {
  const changed = await differingFiles(outDir, files);
  await mkdir(outDir, { recursive: true });
  await writeFilesAtomically(new Map(changed.map((name) => [join(outDir, name), files.get(name)])));
  return changed;
}

/** Names of files that differ from what is on disk, plus stale `.gen.ts` files no longer produced. */
export async function differingFiles(
  outDir: string,
  files: Map<string, string>,
): Promise<string[]> {
  const differing: string[] = [];
  for (const [name, content] of files) {
    const current = await readFile(join(outDir, name), "utf8").catch(() => undefined);
    if (current !== content) differing.push(name);
  }
  const present = await readdir(outDir).catch(() => [] as string[]);
  for (const name of present) {
    if (name.endsWith(".gen.ts") && !files.has(name)) differing.push(name);
  }
  return differing;
}
