import { describe, expect, it } from "vitest";
import { CsvStructureScanner } from "../../src/cli/precheck.js";

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
      "a quote inside an unquoted cell",
      'a,b\n1,2\n3,x"y\n',
      3,
      "quote",
      /quote inside an unquoted cell \(cell 2\)/,
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

  it("uses the delimiter it is given", () => {
    expect(scan("a;b\n1,2,3;4\n", 1 << 16, ";")).toBeUndefined();
    expect(scan("a\tb\n1\t2\t3\n", 1 << 16, "\t")).toMatchObject({ kind: "cells", line: 2 });
  });
});
