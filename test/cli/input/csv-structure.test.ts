import { describe, expect, it } from "vitest";
import { CsvStructureScanner } from "../../../src/cli/input/csv-structure.js";

function scan(text: string, chunkSize = 1 << 16, delimiter = ",") {
  const scanner = new CsvStructureScanner(delimiter);
  const buffer = Buffer.from(text);
  for (let at = 0; at < buffer.length; at += chunkSize)
    scanner.scan(buffer.subarray(at, at + chunkSize));
  scanner.end();
  return scanner.problem;
}

describe("CsvStructureScanner", () => {
  it.each([
    ["plain rows", "a,b\n1,2\n3,4\n"],
    [
      "quoted delimiters, doubled quotes and line breaks",
      'a,b\n"1,x","say ""hi"""\n"multi\r\nline",2\r\n',
    ],
    ["shorter rows (rejected one by one later)", "a,b,c\n1\n2,3\n"],
    ["empty lines and a last line without a break", "a,b\n\n1,2\n\n3,4"],
    ["all-empty rows", "a,b,c\n,,\n,,\n"],
    ["lone CR line ends", "a,b\r1,2\r"],
    ["a quote inside an unquoted cell, as a literal", 'a,b\n1,2\n3,37°36\'37.8"N\n4,5" x\n'],
    ["lines of empty cells before a narrower header", ',,,,,\n\n , ,\n,""\na,b\n1,2\n'],
  ])("passes %s", (_name, text) => {
    expect(scan(text)).toBeUndefined();
    expect(scan(text, 1)).toBeUndefined();
  });

  it.each([
    [
      "a quote never closed, at the line it opens",
      'a,b\n1,2\n3,"x\n4,5\n6,7\n',
      3,
      "quote",
      /never closed/,
    ],
    [
      "text after a closing quote",
      'a,b\n"1"x,2\n',
      2,
      "quote",
      /text after the closing quote of cell 1/,
    ],
    [
      "a row wider than the header",
      "a,b\n1,2\n3,4,5\n",
      3,
      "cells",
      /has 3 cells where the header has 2/,
    ],
    ["a wide row after a quoted line break", 'a,b\n"1\n2",3\n4,5,6\n', 4, "cells", /has 3 cells/],
    ["CRLF lines", 'a,b\r\n1,2\r\n3,"x\r\n', 3, "quote", /never closed/],
  ])("finds %s", (_name, text, line, kind, message) => {
    for (const size of [1, 5, 1 << 16]) {
      expect(scan(text, size)).toEqual({ kind, line, message: expect.stringMatching(message) });
    }
  });

  it.each([
    ["a long unquoted cell", `a,b\n1,2\n3,${"x".repeat(40)}\n4,5\n`, 3],
    ["a long quoted cell over lines", `a,b\n1,"${"x\n".repeat(20)}"\n4,5\n`, 2],
    ["a quote that never closes", `a,b\n1,2\n3,"x\n${"4,5\n".repeat(20)}`, 3],
  ])("refuses a record over the limit: %s, at the line it starts", (_name, text, line) => {
    for (const size of [1, 7, 1 << 16]) {
      const scanner = new CsvStructureScanner(",", 1, 32);
      const buffer = Buffer.from(text);
      for (let at = 0; at < buffer.length; at += size) scanner.scan(buffer.subarray(at, at + size));
      scanner.end();
      expect(scanner.fatal).toEqual({
        kind: "size",
        line,
        message: expect.stringMatching(
          /a record larger than 32 bytes starts here.*--max-record-bytes N/,
        ),
      });
    }
  });

  it("says when the oversized record is an unclosed quote", () => {
    const scanner = new CsvStructureScanner(",", 1, 32);
    scanner.scan(Buffer.from(`a,b\n1,"x\n${"4,5\n".repeat(20)}`));
    expect(scanner.fatal?.message).toMatch(/a quote opens on line 2 and is not closed within it/);
  });

  it("uses the delimiter it is given", () => {
    expect(scan("a;b\n1,2,3;4\n", 1 << 16, ";")).toBeUndefined();
    expect(scan("a\tb\n1\t2\t3\n", 1 << 16, "\t")).toMatchObject({ kind: "cells", line: 2 });
  });
});
