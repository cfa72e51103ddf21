import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliInputError } from "../../../src/cli/errors.js";
import {
  findLargeRow,
  findXlsxOversize,
  sharedStringSizes,
} from "../../../src/cli/input/xlsx-record-scan.js";
import { tempFolder } from "../support/run-cli.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.remove());

type Rows = (string | number | null)[][];

// A workbook of sheets, with shared strings (exceljs' default) or inline strings (its streaming writer).
async function workbook(name: string, sheets: Record<string, Rows>, inline = false) {
  const path = `${folder.path}/${name}`;
  if (inline) {
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: false,
    });
    for (const [sheetName, rows] of Object.entries(sheets)) {
      const sheet = writer.addWorksheet(sheetName);
      for (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
    }
    await writer.commit();
    return path;
  }
  const book = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(sheetName);
    for (const row of rows) sheet.addRow(row);
  }
  await book.xlsx.writeFile(path);
  return path;
}

const LEADS: Rows = [
  ["Email", "Notes"],
  ["a@x.example", "short"],
  ["b@x.example", "y".repeat(2000)],
  ["c@x.example", "after"],
];
const SPLIT: Rows = [
  ["Email", "A", "B"],
  ["a@x.example", "y".repeat(600), 123456],
  ["b@x.example", "y".repeat(600), "z".repeat(600)],
];
const NORMAL: Rows = [
  ["Email", "First Name", "Seats"],
  ["a@x.example", "Ann & <Co>", 3],
];

describe("findXlsxOversize", () => {
  it.each([
    ["one large shared string", "shared.xlsx", { Leads: LEADS }, false, 1024, 3],
    ["one large inline string", "inline.xlsx", { Leads: LEADS }, true, 1024, 3],
    ["cells over the limit together", "split.xlsx", { Leads: SPLIT }, false, 1024, 3],
    ["cells over the limit together, inline", "split-inline.xlsx", { Leads: SPLIT }, true, 1024, 3],
    ["a normal workbook", "normal.xlsx", { Leads: NORMAL }, false, 1024, undefined],
    ["the same row under a larger limit", "shared.xlsx", { Leads: LEADS }, false, 4096, undefined],
  ])("finds %s", async (_name, file, sheets, inline, maxRecordBytes, line) => {
    const path = await workbook(file, sheets, inline);
    const found = await findXlsxOversize(path, { source: file, maxRecordBytes });
    expect(found).toEqual(line === undefined ? undefined : { sheet: "Leads", line });
  });

  it("scans the sheet the reader reads, and names a large shared string no row of it uses", async () => {
    const path = await workbook("sheets.xlsx", { First: NORMAL, Second: LEADS });
    const options = { source: "sheets.xlsx", maxRecordBytes: 1024 };
    // The workbook's strings, shared by both sheets: First's five, then Second's new four.
    expect(await findXlsxOversize(path, options)).toEqual({ sheet: "First", sharedString: 9 });
    expect(await findXlsxOversize(path, { ...options, sheet: "Second" })).toEqual({
      sheet: "Second",
      line: 3,
    });
    // A missing sheet is the reader's to name.
    expect(await findXlsxOversize(path, { ...options, sheet: "Nope" })).toBeUndefined();
  });

  it("refuses a file that is not a zip as the reader does", async () => {
    const path = await folder.file("broken.xlsx", "PK\u0003\u0004 not really a zip");
    const finding = findXlsxOversize(path, { source: "broken.xlsx", maxRecordBytes: 1024 });
    await expect(finding).rejects.toBeInstanceOf(CliInputError);
    await expect(
      findXlsxOversize(path, { source: "broken.xlsx", maxRecordBytes: 1024 }),
    ).rejects.toThrow(/^broken\.xlsx: not a readable \.xlsx file/);
  });
});

// XML text cut into chunks of `size` bytes.
function chunks(xml: string, size: number): Buffer[] {
  const bytes = Buffer.from(xml);
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

const row = (r: number | undefined, cells: string) =>
  `<row${r === undefined ? "" : ` r="${r}"`}>${cells}</row>`;
const inline = (text: string) => `<c t="inlineStr"><is><t>${text}</t></is></c>`;
const shared = (index: number) => `<c t="s"><v>${index}</v></c>`;
const sheet = (...rows: string[]) =>
  `<?xml version="1.0"?><worksheet><sheetData>${rows.join("")}</sheetData></worksheet>`;
const small = (r: number) => row(r, inline(`r${r}@x.example`) + `<c><v>${r}</v></c>`);

describe("findLargeRow", () => {
  // Shared strings of 10, 40 and 30 bytes; the limit is 60 bytes.
  const sizes = Uint32Array.from([10, 40, 30]);
  it.each([
    ["ordinary rows", sheet(small(1), small(2), small(3)), undefined],
    ["an inline string over the limit", sheet(small(1), row(2, inline("x".repeat(61)))), 2],
    ["cells over the limit together", sheet(small(1), row(2, shared(1) + shared(2))), 2],
    ["the same string twice", sheet(row(1, shared(0)), row(5, shared(1) + shared(1))), 5],
    ["entities decoded", sheet(row(1, inline("&amp;".repeat(60))), small(2)), undefined],
    ["entities over the limit", sheet(row(1, inline("&#x1F600;".repeat(16)))), 1],
    [
      "a comment that holds </row>",
      sheet(small(1), `<!-- </row> -->`, row(2, inline("y".repeat(61)))),
      2,
    ],
    [
      "CDATA that holds </row>",
      sheet(row(1, inline(`<![CDATA[</row>${"z".repeat(60)}]]>`)), small(2)),
      1,
    ],
    [
      "rows without numbers",
      sheet(row(undefined, "<c/>"), row(undefined, inline("q".repeat(70)))),
      2,
    ],
    [
      "prefixed names",
      `<x:worksheet><x:sheetData><x:row r="7"><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
      7,
    ],
    [
      "a formula, not its text",
      sheet(row(1, `<c t="str"><f>${"A1&".repeat(30)}A1</f><v>ok</v></c>`)),
      undefined,
    ],
  ])("%s, in chunks of any size", async (_name, xml, line) => {
    for (let size = 1; size <= xml.length; size += size < 40 ? 1 : 17) {
      expect(await findLargeRow(chunks(xml, size), sizes, 60)).toBe(line);
    }
  });

  it.each([
    [26, 501],
    [24, undefined],
  ])(
    "skips rows unparsed only where none can be over the limit (%i shared cells of 40 bytes)",
    async (cells, line) => {
      // Under a 1000-byte limit the small rows are skipped whole; the last row's XML is small
      // (21 bytes a cell) but its shared strings are not, so it is read.
      const rows = Array.from({ length: 500 }, (_, i) => small(i + 1));
      const xml = sheet(...rows, row(501, shared(1).repeat(cells)), small(502));
      for (const size of [100, 4096, 64 * 1024]) {
        expect(await findLargeRow(chunks(xml, size), sizes, 1000)).toBe(line);
      }
    },
  );
});

describe("sharedStringSizes", () => {
  it("counts each string's text, rich text runs together, and finds the first over the limit", async () => {
    const xml =
      `<sst><si><t>Ann</t></si><si><r><rPr><b/></rPr><t>Ac</t></r><r><t xml:space="preserve">me &amp; co</t></r></si>` +
      `<si><t>${"x".repeat(20)}</t></si><si><t/></si>` +
      `<si><t xml:space="preserve"> a </t></si><si><t>a &amp; b</t></si><si><t>x<!-- y --></t></si></sst>`;
    for (let size = 1; size <= xml.length; size++) {
      const { sizes, first } = await sharedStringSizes(chunks(xml, size), 12);
      // A size over the limit is kept as the limit + 1: enough to refuse, bounded.
      expect(Array.from(sizes)).toEqual([3, 9, 13, 0, 3, 5, 1]);
      expect(first).toBe(2);
    }
  });
});
