/**
 * The largest record read by default: far beyond any real lead (a lead with every field filled
 * and a long personalization is a few KiB), small enough that a broken file is refused at once
 * instead of growing one cell until memory runs out.
 */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** Said after a record over the limit, by every reader: why it is refused, and the flag that allows it. */
export const RECORD_LIMIT_HINT =
  "(no real lead is that large; --max-record-bytes N allows larger ones)";

/** Bytes as a reader says them: `1 MiB`, `300 KiB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  if (bytes >= 1 << 10 && bytes % (1 << 10) === 0) return `${bytes / (1 << 10)} KiB`;
  return `${bytes} bytes`;
}
