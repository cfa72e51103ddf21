import { randomBytes } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes files so that readers never see one half-written and a failure changes nothing: every
 * content goes to a temporary name in the same folder first, and is renamed only once all were
 * written; if a rename fails, the files already replaced get their previous content back.
 * `undefined` content removes the file. The folders must exist.
 */
export async function writeFilesAtomically(files: Map<string, string | undefined>): Promise<void> {
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  const temp = (path: string): string => join(dirname(path), `.${basename(path)}${suffix}`);
  const temps: string[] = [];
  const replaced: { path: string; previous: string | undefined }[] = [];
  try {
    for (const [path, content] of files) {
      if (content === undefined) continue;
      temps.push(temp(path));
      await writeFile(temp(path), content);
    }
    for (const [path, content] of files) {
      const previous = await readFile(path, "utf8").catch(() => undefined);
      if (content === undefined) await rm(path, { force: true });
      else await rename(temp(path), path);
      replaced.push({ path, previous });
    }
  } catch (error) {
    await Promise.all(temps.map((name) => rm(name, { force: true })));
    for (const { path, previous } of replaced.reverse()) {
      if (previous === undefined) await rm(path, { force: true });
      else await writeFile(path, previous);
    }
    throw error;
  }
}

/** Writes one file atomically (see writeFilesAtomically). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await writeFilesAtomically(new Map([[path, text]]));
}
