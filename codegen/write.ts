import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes every changed file to a temporary name first and renames only once all were written;
 * if a rename fails, the files already replaced get their previous content back. Either way a
 * failure leaves the folder as it was. Returns the names whose content changed.
 */
export async function writeAtomically(
  outDir: string,
  files: Map<string, string>,
): Promise<string[]> {
  const changed = await differingFiles(outDir, files);
  await mkdir(outDir, { recursive: true });
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const temps: string[] = [];
  const replaced: { path: string; previous: string | undefined }[] = [];
  try {
    for (const name of changed) {
      const content = files.get(name);
      if (content === undefined) continue;
      const temp = join(outDir, name + suffix);
      temps.push(temp);
      await writeFile(temp, content);
    }
    for (const name of changed) {
      const path = join(outDir, name);
      const previous = await readFile(path, "utf8").catch(() => undefined);
      if (files.has(name)) await rename(path + suffix, path);
      else await rm(path);
      replaced.push({ path, previous });
    }
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    for (const { path, previous } of replaced.reverse()) {
      if (previous === undefined) await rm(path, { force: true });
      else await writeFile(path, previous);
    }
    throw error;
  }
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
