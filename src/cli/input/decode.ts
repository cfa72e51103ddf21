import { isUtf8 } from "node:buffer";
import chardet from "chardet";
import iconv from "iconv-lite";
import { CliInputError, CliUsageError } from "../errors.js";

/** How the input's text encoding was chosen, for the notice printed when it is not plain UTF-8. */
export interface Encoding {
  /** An iconv-lite name: `utf-8`, `utf-16le`, `windows-1252`, ... */
  name: string;
  how: "forced" | "bom" | "utf-8" | "detected";
  /** Bytes of byte-order mark to drop. */
  bom: number;
}

const BOMS: ReadonlyArray<readonly [string, string]> = [
  ["efbbbf", "utf-8"],
  ["fffe", "utf-16le"],
  ["feff", "utf-16be"],
];

const UTF8 = "utf-8";

/** The name --encoding accepts, checked against iconv-lite (`latin1`, `cp1252`, `utf16le`, ...). */
export function checkEncodingName(name: string): string {
  const unknown = `--encoding ${name}: unknown encoding; try utf-8, windows-1252, latin1, utf-16le or utf-16be`;
  if (!iconv.encodingExists(name)) throw new CliUsageError(unknown);
  return name.toLowerCase();
}

// Bytes at the end of a chunk that may begin a UTF-8 sequence continued in the next chunk.
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back] as number;
    if ((byte & 0xc0) === 0x80) continue;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needs > back ? back : 0;
  }
  return 0;
}

// Chardet names the family (ISO-8859-1 for Excel's Windows-1252 CSVs); Windows-1252 is its superset,
// as browsers decode it, so `€` and curly quotes survive too.
const SUPERSETS: Readonly<Record<string, string>> = { "iso-8859-1": "windows-1252" };

/** A guess from the bytes for text that is not UTF-8: chardet's best, else Windows-1252. */
export function detectEncoding(sample: Buffer): string {
  const guess = chardet.detect(sample)?.toLowerCase();
  if (guess === undefined || guess === UTF8 || !iconv.encodingExists(guess)) return "windows-1252";
  return SUPERSETS[guess] ?? guess;
}

// UTF-16 of mostly Latin text has a NUL in every other byte; a stray NUL or two in UTF-8 or ASCII
// text (a bad export, a padded field) is not that. A quarter of one parity's bytes is far from both.
const UTF16_ZERO_SHARE = 0.25;

function utf16WithoutMark(sample: Buffer): string | undefined {
  if (sample.length < 2 || !sample.includes(0)) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let at = 0; at < sample.length; at++) {
    if (sample[at] !== 0) continue;
    if (at % 2 === 0) evenZeros += 1;
    else oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (Math.max(evenZeros, oddZeros) < pairs * UTF16_ZERO_SHARE) return undefined;
  return oddZeros >= evenZeros ? "utf-16le" : "utf-16be";
}

/**
 * The encoding of an input from its first bytes: `forced` (--encoding), a byte-order mark, UTF-8
 * when the head is valid UTF-8, else a detection. UTF-16 without a mark shows as NULs beside ASCII
 * (many of them: a stray NUL in UTF-8 text is not UTF-16).
 */
export function chooseEncoding(head: Buffer, forced: string | undefined): Encoding {
  const mark = BOMS.find(([hex]) => head.subarray(0, hex.length / 2).toString("hex") === hex);
  if (forced !== undefined) {
    const bom = mark !== undefined && iconv.encodingExists(forced) ? mark[0].length / 2 : 0;
    return { name: forced, how: "forced", bom: mark?.[1] === forced ? bom : 0 };
  }
  if (mark !== undefined) return { name: mark[1], how: "bom", bom: mark[0].length / 2 };
  const utf16 = utf16WithoutMark(head.subarray(0, 4096));
  if (utf16 !== undefined) return { name: utf16, how: "detected", bom: 0 };
  const complete = head.subarray(0, head.length - incompleteTail(head));
  if (isUtf8(complete)) return { name: UTF8, how: "utf-8", bom: 0 };
  return { name: detectEncoding(head), how: "detected", bom: 0 };
}

/** Said once when the input is not plain UTF-8, so a wrong guess is seen before anything is sent. */
export function encodingNotice(encoding: Encoding): string | undefined {
  if (encoding.name === UTF8) return undefined;
  const how =
    encoding.how === "forced"
      ? "as --encoding says"
      : encoding.how === "bom"
        ? "from its byte-order mark"
        : "detected; --encoding NAME if the names look wrong";
  return `Reading the input as ${encoding.name} (${how})`;
}

/** Bytes that are not valid in the input's encoding, found at `offset` of the decoded stream's bytes. */
export class InvalidBytesError extends Error {
  override name = "InvalidBytesError";
  constructor(
    readonly encoding: string,
    /** Line breaks in the text before the bad bytes. */
    readonly breaksBefore: number,
    /** The chunk holding them, for a detector to look at. */
    readonly sample: Buffer,
  ) {
    super(`bytes that are not valid ${encoding}`);
  }
}

function countLf(text: string | Buffer): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) count += 1;
  return count;
}

/** Where a UTF-8 check stands: bytes in and out, for progress; line breaks before, for errors. */
export interface DecodeCounter {
  /** Bytes of the source consumed. */
  sourceBytes: number;
  /** Bytes of UTF-8 produced. */
  utf8Bytes: number;
}

/**
 * The input as UTF-8 buffers: UTF-8 passes through checked (no copy), anything else is decoded by
 * iconv-lite (or a fatal TextDecoder for UTF-16, so a broken pair is an error, not U+FFFD).
 * Throws InvalidBytesError where the bytes are not valid in the encoding.
 */
export async function* toUtf8(
  input: AsyncIterable<Buffer>,
  encoding: Encoding,
  counter: DecodeCounter,
): AsyncGenerator<Buffer, void, undefined> {
  let bomLeft = encoding.bom;
  let breaks = 0;
  const utf8 = encoding.name === UTF8 || encoding.name === "utf8";
  const utf16 = /^utf-?16(le|be)$/.test(encoding.name);
  const decoder = utf16 ? new TextDecoder(encoding.name, { fatal: true }) : undefined;
  const iconvDecoder = utf8 || utf16 ? undefined : iconv.getDecoder(encoding.name);
  let carry: Buffer = Buffer.alloc(0);
  for await (const raw of input) {
    let chunk: Buffer = raw;
    if (bomLeft > 0) {
      const cut = Math.min(bomLeft, chunk.length);
      bomLeft -= cut;
      counter.sourceBytes += cut;
      chunk = chunk.subarray(cut);
    }
    counter.sourceBytes += chunk.length;
    let out: Buffer;
    if (utf8) {
      const joined = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const keep = incompleteTail(joined);
      out = joined.subarray(0, joined.length - keep);
      carry = Buffer.from(joined.subarray(joined.length - keep));
      if (!isUtf8(out))
        throw new InvalidBytesError(encoding.name, breaks + breaksBeforeInvalid(out), out);
    } else {
      let text: string;
      try {
        text =
          decoder !== undefined
            ? decoder.decode(chunk, { stream: true })
            : (iconvDecoder?.write(chunk) ?? "");
      } catch {
        throw new InvalidBytesError(encoding.name, breaks, chunk);
      }
      out = Buffer.from(text, "utf8");
    }
    breaks += countLf(out);
    counter.utf8Bytes += out.length;
    if (out.length > 0) yield out;
  }
  if (carry.length > 0) throw new InvalidBytesError(encoding.name, breaks, carry);
  let rest: string;
  try {
    rest = decoder !== undefined ? decoder.decode() : (iconvDecoder?.end() ?? "");
  } catch {
    throw new InvalidBytesError(encoding.name, breaks, Buffer.alloc(0));
  }
  if (rest.length > 0) {
    const out = Buffer.from(rest, "utf8");
    counter.utf8Bytes += out.length;
    yield out;
  }
}

// The line breaks before the first invalid byte of a chunk that fails the UTF-8 check.
function breaksBeforeInvalid(chunk: Buffer): number {
  let low = 0;
  let high = chunk.length;
  // The longest valid prefix, by bisection over the native check.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    const prefix = chunk.subarray(0, middle);
    if (isUtf8(prefix.subarray(0, prefix.length - incompleteTail(prefix)))) low = middle;
    else high = middle - 1;
  }
  return countLf(chunk.subarray(0, low));
}

/** The input error for bytes not valid in the encoding: the line, and the flag that fixes it. */
export function invalidBytesError(source: string, error: InvalidBytesError): CliInputError {
  return new CliInputError(
    source,
    error.breaksBefore + 1,
    `${error.message}; nothing after it can be read. Pass --encoding NAME (e.g. windows-1252) if the file is not ${error.encoding}`,
  );
}

/**
 * Records whose decoding errors (surfacing from the parser as they are) become input errors
 * naming the line. An iterator, not a generator: it adds one promise per row, not a generator's
 * round trip.
 */
export function locatingInvalidBytes<T>(
  records: AsyncIterable<T>,
  source: string,
): AsyncIterableIterator<T> {
  const inner = records[Symbol.asyncIterator]();
  const relabel = (error: unknown): never => {
    if (error instanceof InvalidBytesError) throw invalidBytesError(source, error);
    throw error;
  };
  return {
    next: () => inner.next().catch(relabel),
    return: async () => (await inner.return?.()) ?? { done: true, value: undefined },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
