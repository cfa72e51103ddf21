import { describe, expect, it } from "vitest";
import { XmlScanner, type XmlHandler } from "../../../src/cli/input/xml-scanner.js";

// The events of a document fed in chunks of `size` bytes: text runs joined between tags.
function events(xml: string, size: number, attributes: string[] = []): string[] {
  const out: string[] = [];
  let text = "";
  const flush = () => {
    if (text !== "") out.push(`text ${text}`);
    text = "";
  };
  const handler: XmlHandler = {
    open(name, tag) {
      flush();
      const shown = attributes.map((key) => `${key}=${tag.attribute(key) ?? "-"}`);
      out.push(["open", name, ...shown].join(" "));
    },
    close(name) {
      flush();
      out.push(`close ${name}`);
    },
    text(chunk, start, end) {
      text += chunk.toString("utf8", start, end);
    },
  };
  const scanner = new XmlScanner(handler);
  const bytes = Buffer.from(xml);
  for (let at = 0; at < bytes.length; at += size) scanner.write(bytes.subarray(at, at + size));
  flush();
  return out;
}

describe("XmlScanner", () => {
  it.each([
    [
      "entities and prefixes",
      '<?xml version="1.0"?><x:si><x:t>a &amp; b &#233;&#x1F600;&lt;</x:t></x:si>',
      ["open si", "open t", "text a & b é😀<", "close t", "close si"],
    ],
    [
      "CDATA, its brackets, comments and a DOCTYPE",
      "<!DOCTYPE d [<!ENTITY e 'x'>]><!-- <t>not</t> --><t><![CDATA[a]]b]]]<c>]]></t>",
      ["open t", "text a]]b]]]<c>", "close t"],
    ],
    [
      "self-closing tags and a > inside an attribute",
      '<row r="3"><c r="A3" t=">"/><v>1</v></row>',
      ["open row", "open c", "close c", "open v", "text 1", "close v", "close row"],
    ],
    ["a stray ampersand stays text", "<t>R&D & co</t>", ["open t", "text R&D & co", "close t"]],
  ])("reads %s the same in chunks of any size", (_name, xml, expected) => {
    for (let size = 1; size <= xml.length; size++) expect(events(xml, size)).toEqual(expected);
  });

  it("reads attributes by local name, entities decoded, whatever the chunks", () => {
    const xml = `<sheet name="R&amp;D 'Leads'" sheetId="2" r:id="rId7"/><c t='s'></c>`;
    for (let size = 1; size <= xml.length; size++) {
      expect(events(xml, size, ["name", "id", "t"])).toEqual([
        "open sheet name=R&D 'Leads' id=rId7 t=-",
        "close sheet",
        "open c name=- id=- t=s",
        "close c",
      ]);
    }
  });

  it("hands a long text on in slices, never holding it", () => {
    let bytes = 0;
    let calls = 0;
    const scanner = new XmlScanner({
      open() {},
      close() {},
      text(_chunk, start, end) {
        bytes += end - start;
        calls += 1;
      },
    });
    scanner.write(Buffer.from("<t>"));
    const mib = Buffer.alloc(1 << 20, "x");
    for (let i = 0; i < 8; i++) scanner.write(mib);
    scanner.write(Buffer.from("</t>"));
    expect(bytes).toBe(8 << 20);
    expect(calls).toBe(8);
  });
});
