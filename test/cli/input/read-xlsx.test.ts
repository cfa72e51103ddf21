import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { cellText, readXlsx } from "../../../src/cli/input/read-xlsx.js";

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
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    async function* input() {
      yield bytes;
    }
    const rows = [];
    for await (const row of readXlsx(input(), { source: "x.xlsx" })) rows.push(row);
    expect(rows.map(({ line, cells }) => [line, cells])).toEqual([
      [1, ["Email", "Seats"]],
      [2, ["a@x.example", "3"]],
      [4, ["b@x.example", "", "extra"]],
    ]);
    const second = [];
    for await (const row of readXlsx(input(), { source: "x.xlsx", sheet: "Second" }))
      second.push(row.cells);
    expect(second).toEqual([["Only"]]);
  });

  it("refuses a row holding more text than the record limit, naming it", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Leads");
    sheet.addRow(["Email", "Notes"]);
    sheet.addRow(["a@x.example", "short"]);
    sheet.addRow(["b@x.example", "y".repeat(200)]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    async function* input() {
      yield bytes;
    }
    const rows: string[][] = [];
    const reading = (async () => {
      for await (const row of readXlsx(input(), { source: "x.xlsx", maxRecordBytes: 100 }))
        rows.push(row.cells);
    })();
    await expect(reading).rejects.toThrow(
      /^x\.xlsx line 3: a row larger than 100 bytes .*--max-record-bytes N/,
    );
    expect(rows).toHaveLength(2);
  });
});
