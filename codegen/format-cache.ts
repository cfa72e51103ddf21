import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Entries unused for this long are removed. */
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;

/**
 * Formatted text by the sha256 of what was formatted and how (prettier's version and options).
 * Formatting is most of a large spec's generation time, and a spec update changes few chunks.
 */
export class FormatCache {
  constructor(
    private readonly dir: string,
    private readonly salt: string,
  ) {}

  /** The key of a source under this cache's prettier version and options. */
  key(source: string): string {
    return createHash("sha256").update(this.salt).update("\0").update(source).digest("hex");
  }

  /** The cached formatting, or undefined; a hit is touched so pruning keeps it. */
  async get(key: string): Promise<string | undefined> {
    const file = join(this.dir, key);
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) {
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
    }
    return text;
  }

  /** Stores an entry atomically, so a concurrent run never reads half of one. */
  async set(key: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `${key}.tmp-${randomBytes(4).toString("hex")}`);
    await writeFile(temp, text);
    await rename(temp, join(this.dir, key));
  }

  /** Removes entries not used for two weeks. */
  async prune(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const cutoff = Date.now() - MAX_AGE_MS;
    for (const name of names) {
      const file = join(this.dir, name);
      const info = await stat(file).catch(() => undefined);
      if (info && info.mtimeMs < cutoff) await rm(file, { force: true });
    }
  }
}
