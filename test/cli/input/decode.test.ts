import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import {
  checkEncodingName,
  chooseEncoding,
  encodingNotice,
  InvalidBytesError,
  toUtf8,
  type Encoding,
} from "../../../src/cli/input/decode.js";

async function* chunks(buffer: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let start = 0; start < buffer.length; start += size)
    yield buffer.subarray(start, start + size);
}

async function decode(buffer: Buffer, encoding: Encoding, size = 3): Promise<string> {
  const counter = { sourceBytes: 0, utf8Bytes: 0 };
  const out: Buffer[] = [];
  for await (const chunk of toUtf8(chunks(buffer, size), encoding, counter)) out.push(chunk);
  expect(counter.sourceBytes).toBe(buffer.length);
  return Buffer.concat(out).toString("utf8");
}

const TEXT = "Email,Name\nann@x.example,Müller € Renée\n";

describe("chooseEncoding", () => {
  it.each([
    ["UTF-8", Buffer.from(TEXT), { name: "utf-8", how: "utf-8", bom: 0 }],
    ["UTF-8 with a BOM", Buffer.from(`\uFEFF${TEXT}`), { name: "utf-8", how: "bom", bom: 3 }],
    [
      "UTF-16 LE with a BOM",
      Buffer.from(`\uFEFF${TEXT}`, "utf16le"),
      { name: "utf-16le", how: "bom", bom: 2 },
    ],
    [
      "UTF-16 BE with a BOM",
      Buffer.from(`\uFEFF${TEXT}`, "utf16le").swap16(),
      { name: "utf-16be", how: "bom", bom: 2 },
    ],
    [
      "UTF-16 LE without a BOM",
      Buffer.from(TEXT, "utf16le"),
      { name: "utf-16le", how: "detected", bom: 0 },
    ],
    [
      "UTF-16 BE without a BOM",
      Buffer.from(TEXT, "utf16le").swap16(),
      { name: "utf-16be", how: "detected", bom: 0 },
    ],
    [
      "ASCII with one stray NUL",
      Buffer.from("Email,Name\nann@x.example,Ann\0\nbob@x.example,Bob\n"),
      { name: "utf-8", how: "utf-8", bom: 0 },
    ],
    [
      "UTF-8 with a NUL and control bytes",
      Buffer.from(`${TEXT}\0\u0001\u001b,x\n`),
      { name: "utf-8", how: "utf-8", bom: 0 },
    ],
    [
      "Windows-1252",
      iconv.encode(TEXT, "windows-1252"),
      { name: "windows-1252", how: "detected", bom: 0 },
    ],
    [
      "Latin-1",
      iconv.encode("Email,Name\nann@x.example,Renée Nuñez\n", "latin1"),
      { name: "windows-1252", how: "detected", bom: 0 },
    ],
    [
      "UTF-8 cut inside a character",
      Buffer.from(TEXT).subarray(0, TEXT.indexOf("ü") + 1),
      { name: "utf-8", how: "utf-8", bom: 0 },
    ],
  ])("reads %s", (_name, head, expected) => {
    expect(chooseEncoding(head, undefined)).toEqual(expected);
  });

  it("takes a forced encoding over the bytes", () => {
    expect(chooseEncoding(Buffer.from(TEXT), "windows-1252")).toEqual({
      name: "windows-1252",
      how: "forced",
      bom: 0,
    });
  });
});

describe("toUtf8", () => {
  it.each([
    ["utf-8", Buffer.from(TEXT), { name: "utf-8", how: "utf-8", bom: 0 } as const],
    [
      "utf-8 with a BOM",
      Buffer.from(`\uFEFF${TEXT}`),
      { name: "utf-8", how: "bom", bom: 3 } as const,
    ],
    [
      "windows-1252",
      iconv.encode(TEXT, "windows-1252"),
      { name: "windows-1252", how: "detected", bom: 0 } as const,
    ],
    [
      "utf-16le",
      Buffer.from(`\uFEFF${TEXT}`, "utf16le"),
      { name: "utf-16le", how: "bom", bom: 2 } as const,
    ],
  ])("decodes %s in 3-byte chunks", async (_name, buffer, encoding) => {
    expect(await decode(buffer, encoding)).toBe(TEXT);
  });

  it("names the line of the first byte that is not UTF-8", async () => {
    const buffer = Buffer.concat([Buffer.from("a\nb\nc"), Buffer.from([0xfc]), Buffer.from("d\n")]);
    const reading = decode(buffer, { name: "utf-8", how: "forced", bom: 0 }, 64);
    await expect(reading).rejects.toBeInstanceOf(InvalidBytesError);
    await expect(
      decode(buffer, { name: "utf-8", how: "forced", bom: 0 }, 64),
    ).rejects.toMatchObject({
      breaksBefore: 2,
    });
  });

  it("refuses a UTF-8 sequence cut off by the end of the input", async () => {
    const buffer = Buffer.from("a\nü").subarray(0, 3);
    await expect(decode(buffer, { name: "utf-8", how: "utf-8", bom: 0 })).rejects.toBeInstanceOf(
      InvalidBytesError,
    );
  });
});

describe("encodingNotice and checkEncodingName", () => {
  it("says nothing for UTF-8 and names any other encoding and how it was chosen", () => {
    expect(encodingNotice({ name: "utf-8", how: "bom", bom: 3 })).toBeUndefined();
    expect(encodingNotice({ name: "windows-1252", how: "detected", bom: 0 })).toMatch(
      /windows-1252 \(detected; --encoding NAME/,
    );
    expect(encodingNotice({ name: "latin1", how: "forced", bom: 0 })).toMatch(
      /latin1 \(as --encoding says\)/,
    );
  });

  it("accepts the names iconv-lite knows and refuses others", () => {
    expect(checkEncodingName("CP1252")).toBe("cp1252");
    expect(() => checkEncodingName("klingon")).toThrow(/--encoding klingon: unknown encoding/);
  });
});
