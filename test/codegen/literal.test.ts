import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { docComment, printKey, printLiteral, printString } from "../../codegen/literal.js";

async function isPrettierClean(source: string): Promise<boolean> {
  const where = fileURLToPath(new URL("../../generated/constraints.gen.ts", import.meta.url));
  const config = await prettier.resolveConfig(where);
  return prettier.check(source, { ...config, parser: "typescript" });
}

describe("printLiteral", () => {
  it.each([
    ["an empty object", {}],
    ["an empty array", []],
    ["nested objects", { a: { b: { c: 1 } } }],
    [
      "primitive arrays",
      { enum: ["a", "b"], numbers: [1, -2, 3.5, 1e21], mixed: [null, true, "x"] },
    ],
    ["arrays of objects", { items: [{ a: 1 }, { b: [1, 2] }] }],
    [
      "arrays of arrays",
      {
        pairs: [
          ["a", "b"],
          ["c", "d"],
        ],
        single: [["a"], ["b"]],
        one: [[1, 2]],
      },
    ],
    [
      "keys that need quotes",
      { "x-enumDescriptions": { "1": "one" }, "a-b": 1, $ref: "#/x", _ok: 2 },
    ],
    [
      "strings with quotes",
      { a: 'say "hi"', b: "it's", c: `"it's"`, d: 'two "" one \'', e: "\\ \n \t" },
    ],
    ["unicode", { a: "é — ✓", b: "\u2028" }],
    ["a long array", { a: Array.from({ length: 500 }, (_, i) => `value-${i}`) }],
  ])("prints %s the way prettier formats it", async (_, value) => {
    const source = `export const x = ${printLiteral(value)} as const;\n`;
    expect(await isPrettierClean(source)).toBe(true);
    // The same value as code: what is printed means what was given.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the printed literal is the test
    expect(new Function(`return ${printLiteral(value)};`)()).toEqual(value);
  });

  it("is deterministic", () => {
    const value = { b: [1, { c: "d" }], a: "x" };
    expect(printLiteral(value)).toBe(printLiteral(structuredClone(value)));
  });

  it.each([
    ["plain", '"plain"'],
    ['say "hi"', "'say \"hi\"'"],
    ["it's", '"it\'s"'],
  ])("printString(%s) -> %s", (text, printed) => {
    expect(printString(text)).toBe(printed);
  });

  it.each([
    ["maxItems", "maxItems"],
    ["x-enumDescriptions", '"x-enumDescriptions"'],
    ["200", '"200"'],
  ])("printKey(%s) -> %s", (key, printed) => {
    expect(printKey(key)).toBe(printed);
  });

  it("keeps a doc comment closed where the text holds */", async () => {
    const source = `${docComment("a */ b")}export const y = 1;\n`;
    expect(source).toBe("/** a *\\/ b */\nexport const y = 1;\n");
    expect(await isPrettierClean(source)).toBe(true);
  });
});
