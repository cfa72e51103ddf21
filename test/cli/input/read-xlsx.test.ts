import ExcelJS from "exceljs";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cellText, readXlsx } from "../../../src/cli/input/read-xlsx.js";
import { openZip } from "../../../src/cli/input/xlsx-package.js";
import { tempFolder } from "../support/run-cli.js";

let folder: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  folder = await tempFolder();
});
afterAll(() => folder.remove());

/** The rows `readXlsx` reads of a workbook written to a file. */
async function rowsOf(
  workbook: ExcelJS.Workbook,
  options: { sheet?: string; maxRecordBytes?: number; into?: string[][] } = {},
): Promise<Array<[number, string[]]>> {
  const path = `${folder.path}/${Math.random().toString(36).slice(2)}.xlsx`;
  await writeFile(path, Buffer.from(await workbook.xlsx.writeBuffer()));
  const zip = await openZip(path, "x.xlsx");
  const rows: Array<[number, string[]]> = [];
  try {
    for await (const row of readXlsx(zip, { source: "x.xlsx", ...options })) {
      rows.push([row.line, row.cells]);
      options.into?.push(row.cells);
    }
  } finally {
    zip.close();
  }
  return rows;
}

describe("cellText", () => {
  it.each([
    [null, ""],
    ["Ann", "Ann"],
    [12, "12"],
    [3.25, "3.25"],
    [true, "TRUE"],
    [new Date(Date.UTC(2024, 0, 31)), "2024-01-31"],
    [new Date(Date.UTC(2024, 0, 31, 8, 30)), "2024-01-31T08:30:00.000Z"],
    [{ formula: "1+1", result: 2 }, "2"],
    [{ richText: [{ text: "Ac" }, { text: "me" }] }, "Acme"],
    [{ text: "site", hyperlink: "https://x.example" }, "site"],
    [{ error: "#N/A" }, "#N/A"],
  ] as const)("writes %j as %j", (value, text) => {
    expect(cellText(value as ExcelJS.CellValue)).toBe(text);
  });
});

describe("readXlsx", () => {
  it("streams the rows of the first sheet, or of the one named, with their row numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    const first = workbook.addWorksheet("First");
    first.addRow(["Email", "Seats"]);
    first.addRow(["a@x.example", 3]);
    first.addRow([]);
    first.addRow(["b@x.example", null, "extra"]);
    workbook.addWorksheet("Second").addRow(["Only"]);
    expect(await rowsOf(workbook)).toEqual([
      [1, ["Email", "Seats"]],
      [2, ["a@x.example", "3"]],
      [4, ["b@x.example", "", "extra"]],
    ]);
    expect(await rowsOf(workbook, { sheet: "Second" })).toEqual([[1, ["Only"]]]);
    await expect(rowsOf(workbook, { sheet: "Third" })).rejects.toThrow(
      'x.xlsx: has no sheet named "Third"; its sheets: "First", "Second" (--sheet NAME)',
    );
  });

  it("takes the first tab as Excel shows it, whatever the zip's order of the sheets", async () => {
    const workbook = new ExcelJS.Workbook();
    const archive = workbook.addWorksheet("Archive");
    archive.addRow(["Email Address"]);
    const leads = workbook.addWorksheet("Leads");
    leads.addRow(["Email"]);
    leads.addRow(["a@x.example"]);
    // The tab moved first: its part is still xl/worksheets/sheet2.xml.
    const tab = (sheet: ExcelJS.Worksheet) => sheet as unknown as { orderNo: number };
    tab(leads).orderNo = 0;
    tab(archive).orderNo = 1;
    expect(await rowsOf(workbook)).toEqual([
      [1, ["Email"]],
      [2, ["a@x.example"]],
    ]);
  });

  it("reads dates as dates, with the workbook's styles and 1904 date system", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.properties.date1904 = true;
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Signed Up"]);
    sheet.addRow([new Date(Date.UTC(2024, 0, 31))]);
    expect(await rowsOf(workbook)).toEqual([
      [1, ["Signed Up"]],
      [2, ["2024-01-31"]],
    ]);
  });

  it("refuses a row holding more text than the record limit, naming it", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Email", "Notes"]);
    sheet.addRow(["a@x.example", "short"]);
    sheet.addRow(["b@x.example", "y".repeat(200)]);
    const rows: string[][] = [];
    await expect(rowsOf(workbook, { maxRecordBytes: 100, into: rows })).rejects.toThrow(
      /^x\.xlsx line 3: a row larger than 100 bytes .*--max-record-bytes N/,
    );
    expect(rows).toHaveLength(2);
  });
});
