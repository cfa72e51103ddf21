import type { ZipEntry, ZipFile } from "./xlsx-package.js";
import { XmlScanner, type XmlHandler } from "./xml-scanner.js";

export const SHARED_STRINGS = "xl/sharedStrings.xml";
export const STYLES = "xl/styles.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const WORKBOOK = "xl/workbook.xml";
const WORKSHEET = /^xl\/worksheets\/sheet(\d+)[.]xml$/;

/** Streams XML through the scanner; `done()` ends the reading early. */
export async function scan(
  xml: AsyncIterable<Buffer> | Iterable<Buffer>,
  handler: XmlHandler,
  done: () => boolean,
): Promise<void> {
  const scanner = new XmlScanner(handler);
  for await (const chunk of xml) {
    scanner.write(chunk);
    if (done()) break;
  }
}

/** One entry of the zip, inflated; its stream is closed however the reading ends. */
export async function* inflated(entry: ZipEntry): AsyncGenerator<Buffer, void, undefined> {
  const stream = entry.stream();
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/** Each attribute `value` of the `element` tags of an entry by attribute `key`, in their order. */
async function attributeMap(
  entry: ZipEntry | undefined,
  element: string,
  key: string,
  value: string,
): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  if (entry === undefined) return map;
  const handler: XmlHandler = {
    open(name, tag) {
      if (name !== element) return;
      const k = tag.attribute(key);
      const v = tag.attribute(value);
      if (k !== undefined && v !== undefined && !map.has(k)) map.set(k, v);
    },
    close() {},
    text() {},
  };
  await scan(inflated(entry), handler, () => false);
  return map;
}

/** A worksheet of the workbook: its tab name and its entry in the zip. */
export interface WorkbookSheet {
  name: string;
  entry: ZipEntry;
}

// A relationship's target, relative to xl/ or absolute in the package.
function entryPath(target: string): string {
  return target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
}

/**
 * The worksheets in the workbook's tab order, as Excel shows them (`xl/workbook.xml` and its
 * relationships), so "the first sheet" is the first tab whatever the zip's order. A workbook
 * without those parts gives its worksheet entries in the zip's order, named `SheetN`.
 */
export async function workbookSheets(entries: readonly ZipEntry[]): Promise<WorkbookSheet[]> {
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const targets = await attributeMap(byPath.get(WORKBOOK_RELS), "Relationship", "Id", "Target");
  const tabs = await attributeMap(byPath.get(WORKBOOK), "sheet", "id", "name");
  const sheets: WorkbookSheet[] = [];
  for (const [id, name] of tabs) {
    const target = targets.get(id);
    const entry = target === undefined ? undefined : byPath.get(entryPath(target));
    if (entry !== undefined) sheets.push({ name, entry });
  }
  if (sheets.length > 0) return sheets;
  return entries.flatMap((entry) => {
    const number = WORKSHEET.exec(entry.path)?.[1];
    return number === undefined ? [] : [{ name: `Sheet${number}`, entry }];
  });
}

/** The sheet to read: the first tab, or the one named. */
export function chooseSheet(
  sheets: readonly WorkbookSheet[],
  name: string | undefined,
): WorkbookSheet | undefined {
  return name === undefined ? sheets[0] : sheets.find((sheet) => sheet.name === name);
}

/** The zip's entry at `path`, if it has one. */
export function entryAt(zip: ZipFile, path: string): ZipEntry | undefined {
  return zip.entries.find((entry) => entry.path === path);
}
