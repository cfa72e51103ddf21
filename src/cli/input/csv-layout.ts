import { HEAD_BYTES, peekHead } from "./head.js";

/** How a CSV is split: its delimiter and the lines before the header (a `sep=` line). */
export interface CsvLayout {
  delimiter: string;
  /** Bytes and lines of the `sep=` line, skipped before parsing. */
  skipBytes: number;
  skipLines: number;
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter used most often outside quotes in the header line; comma when none or tied. */
export function sniffDelimiter(text: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text.replace(/^\uFEFF/, "")) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = DELIMITERS[0];
  for (const candidate of DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

// Excel writes `sep=;` as the first line of a CSV to name its delimiter.
const SEP_LINE = /^sep=(.)(\r\n|\r|\n)/u;

/** The delimiter a leading `sep=X` line names, and the line's length in bytes (0 when none). */
export function sepLine(head: Buffer): { delimiter: string; bytes: number } | undefined {
  const match = SEP_LINE.exec(head.subarray(0, 16).toString("utf8"));
  if (match === null) return undefined;
  return { delimiter: match[1] as string, bytes: Buffer.byteLength(match[0]) };
}

// Drops the first `count` bytes of the stream.
async function* skipBytes(
  input: AsyncIterable<Buffer>,
  count: number,
): AsyncGenerator<Buffer, void, undefined> {
  let left = count;
  for await (const chunk of input) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

const isLineBreak = (chunk: Buffer) => chunk.includes(10) || chunk.includes(13);

/** Reads the head of UTF-8 CSV text to find its layout; returns it with the text from the header on. */
export async function csvLayout(
  input: AsyncIterable<Buffer>,
  delimiter: string | undefined,
): Promise<{ layout: CsvLayout; text: AsyncIterable<Buffer> }> {
  // Up to the first line break: the header line, unless a `sep=` line comes first.
  const { head, all } = await peekHead(
    input,
    (chunk, size) => size >= HEAD_BYTES || isLineBreak(chunk),
  );
  const sep = sepLine(head);
  const layout: CsvLayout = {
    delimiter:
      delimiter ??
      sep?.delimiter ??
      sniffDelimiter(head.subarray(sep?.bytes ?? 0).toString("utf8")),
    skipBytes: sep?.bytes ?? 0,
    skipLines: sep === undefined ? 0 : 1,
  };
  return { layout, text: skipBytes(all, layout.skipBytes) };
}
