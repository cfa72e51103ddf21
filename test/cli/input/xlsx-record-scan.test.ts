import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliInputError } from "../../../src/cli/errors.js";
import { findXlsxOversize } from "../../../src/cli/input/xlsx-record-scan.js";
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
