import { CliUsageError } from "../errors.js";
import { openZip, unreadableWorkbook } from "./xlsx-package.js";
import type { XmlHandler, XmlTag } from "./xml-scanner.js";
import {
  chooseSheet,
  entryAt,
  inflated,
  scan,
  SHARED_STRINGS,
  workbookSheets,
} from "./xlsx-workbook.js";

/** A row or cell over the record limit, found before the sheet is read. */
export type XlsxOversize =
  | { sheet: string; line: number }
  /** A shared string no row of the sheet uses; `number` counts from 1. */
  | { sheet: string; sharedString: number };

const LT = 0x3c;
const AMP = 0x26;
const PLAIN_STARTS = [Buffer.from("<si><t>"), Buffer.from('<si><t xml:space="preserve">')];
const PLAIN_END = Buffer.from("</t></si>");

function startsAt(chunk: Buffer, at: number, bytes: Buffer): boolean {
  return (
    at + bytes.length <= chunk.length &&
    chunk.compare(bytes, 0, bytes.length, at, at + bytes.length) === 0
  );
}

// Where the text of a plain string item starting at `at` begins; -1 when none starts there.
function plainStringStart(chunk: Buffer, at: number): number {
  for (const start of PLAIN_STARTS) if (startsAt(chunk, at, start)) return at + start.length;
  return -1;
}

/**
 * The text size of each shared string of `xl/sharedStrings.xml` (capped just over the limit), and
 * the first one over it. Counted as the XML streams: a string is never held.
 */
export async function sharedStringSizes(
  xml: AsyncIterable<Buffer> | Iterable<Buffer>,
  maxRecordBytes: number,
): Promise<{ sizes: Uint32Array; first: number | undefined }> {
  let sizes = new Uint32Array(1024);
  let count = 0;
  let first: number | undefined;
  let betweenStrings = false;
  let inString = false;
  let inText = false;
  let size = 0;
  const cap = Math.min(maxRecordBytes + 1, 0xffffffff);
  const push = (bytes: number) => {
    if (count === sizes.length) {
      const grown = new Uint32Array(sizes.length * 2);
      grown.set(sizes);
      sizes = grown;
    }
    if (bytes > maxRecordBytes) first ??= count;
    sizes[count++] = Math.min(bytes, cap);
  };
  const handler: XmlHandler = {
    open(name) {
      if (name === "sst") betweenStrings = true;
      else if (name === "si") {
        betweenStrings = false;
        inString = true;
        size = 0;
      } else if (name === "t" && inString) inText = true;
    },
    close(name) {
      if (name === "t") inText = false;
      else if (name === "si" && inString) {
        push(size);
        inString = false;
        betweenStrings = true;
      } else if (name === "sst") betweenStrings = false;
    },
    text(_chunk, start, end) {
      if (inText) size += end - start;
    },
    // Most strings are plain, `<si><t>text</t></si>`, whole in the chunk: their size is their
    // bytes, measured with two searches; anything else is left to the scanner.
    skip(chunk, at) {
      if (!betweenStrings) return at;
      let from = at;
      let amp = -2;
      for (;;) {
        const text = plainStringStart(chunk, from);
        if (text < 0) return from;
        const end = chunk.indexOf(LT, text);
        if (end < 0 || !startsAt(chunk, end, PLAIN_END)) return from;
        if (amp !== -1 && amp < text) amp = chunk.indexOf(AMP, text);
        if (amp >= 0 && amp < end) return from;
        push(end - text);
        from = end + PLAIN_END.length;
      }
    },
  };
  await scan(xml, handler, () => false);
  return { sizes: sizes.subarray(0, count), first };
}

const ROW_END = Buffer.from("</row>");
const MARKUP = Buffer.from("<!");
// The fewest bytes of a cell that holds a shared string: <c t="s"><v>0</v></c>.
const SHARED_CELL_BYTES = 21;

/**
 * The first row of a sheet whose cells hold more than `maxRecordBytes` of text: inline strings
 * and values count their text as stored, a shared-string cell its string's size. (A number or a
 * date counts the digits stored, which a CSV export may write a little longer or shorter; the
 * reader checks the text it makes.) The scan stops inside the row that crosses the limit.
 *
 * A row whose XML lies whole in a chunk is skipped unparsed when it cannot be over the limit:
 * its text is at most its bytes (an entity or CDATA decodes shorter), plus, for each cell it
 * could hold, the longest shared string. Rows of ordinary leads are far under it, so most of a
 * sheet costs one search for the end of each row.
 */
export async function findLargeRow(
  xml: AsyncIterable<Buffer> | Iterable<Buffer>,
  sizes: Uint32Array,
  maxRecordBytes: number,
): Promise<number | undefined> {
  const longestShared = sizes.reduce((longest, size) => Math.max(longest, size), 0);
  let betweenRows = false;
  let inData = false;
  let line = 0;
  let total = 0;
  let inCell = false;
  let shared = false;
  let inValue = false;
  let inText = false;
  let index = 0;
  let found: number | undefined;
  const add = (bytes: number) => {
    total += bytes;
    if (total > maxRecordBytes) found ??= line;
  };
  // Rows are skipped only after a numbered row: a count of unnumbered ones would miss them.
  let numbered = false;
  const handler: XmlHandler = {
    open(name: string, tag: XmlTag) {
      if (name === "sheetData") {
        inData = true;
        betweenRows = true;
      } else if (!inData) return;
      else if (name === "row") {
        betweenRows = false;
        const r = Number.parseInt(tag.attribute("r") ?? "", 10);
        numbered = Number.isInteger(r);
        line = numbered ? r : line + 1;
        total = 0;
      } else if (name === "c") {
        inCell = true;
        shared = tag.attribute("t") === "s";
      } else if (name === "v" && inCell) {
        inValue = true;
        index = 0;
      } else if (name === "t" && inCell) inText = true;
    },
    close(name: string) {
      if (name === "v" && inValue) {
        inValue = false;
        if (shared) add(sizes[index] ?? 0);
      } else if (name === "t") inText = false;
      else if (name === "c") inCell = false;
      else if (name === "row") betweenRows = true;
      else if (name === "sheetData") {
        inData = false;
        betweenRows = false;
      }
    },
    skip(chunk, at) {
      if (!betweenRows || !numbered) return at;
      let from = at;
      // A comment or CDATA could hold "</row>": no row is skipped past one.
      const markup = chunk.indexOf(MARKUP, from);
      for (;;) {
        const end = chunk.indexOf(ROW_END, from);
        if (end < 0 || (markup >= 0 && markup < end)) return from;
        const bytes = end - from;
        const worst = bytes + Math.floor(bytes / SHARED_CELL_BYTES) * longestShared;
        if (worst > maxRecordBytes) return from;
        from = end + ROW_END.length;
      }
    },
    text(chunk, start, end) {
      if (inValue && shared) {
        for (let at = start; at < end; at++) {
          const digit = (chunk[at] as number) - 0x30;
          if (digit >= 0 && digit <= 9 && index < 0xffffffff) index = index * 10 + digit;
        }
      } else if (inValue || inText) add(end - start);
    },
  };
  await scan(xml, handler, () => found !== undefined);
  return found;
}

/**
 * The .xlsx pre-pass: finds, before any row is read, the first row of the sheet the reader will
 * read (the first, or the one named `sheet`) that holds more than `maxRecordBytes` of text, or
 * else a shared string over it that no row uses (the reader would still load it). Reads the zip's
 * central directory, then streams the shared strings and the sheet through a scanner that counts
 * text without keeping it, so memory stays bounded whatever a cell holds. A missing sheet is left
 * to the reader to name.
 */
export async function findXlsxOversize(
  path: string,
  options: { source: string; sheet?: string; maxRecordBytes: number },
): Promise<XlsxOversize | undefined> {
  const zip = await openZip(path, options.source);
  try {
    const chosen = chooseSheet(await workbookSheets(zip.entries), options.sheet);
    if (chosen === undefined) return undefined;
    const strings = entryAt(zip, SHARED_STRINGS);
    const { sizes, first } = await sharedStringSizes(
      strings === undefined ? [] : inflated(strings),
      options.maxRecordBytes,
    );
    const line = await findLargeRow(inflated(chosen.entry), sizes, options.maxRecordBytes);
    if (line !== undefined) return { sheet: chosen.name, line };
    if (first !== undefined) return { sheet: chosen.name, sharedString: first + 1 };
    return undefined;
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw unreadableWorkbook(options.source, error);
  } finally {
    zip.close();
  }
}
