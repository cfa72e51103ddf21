import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { formatTypeScript, formatTypes, mayChange } from "../../codegen/format.js";
import { emitTypes } from "../../codegen/emit-types.js";
import { okResponse, openApiDoc } from "./fixture-files.js";
import { fixture, generateFiles, removeTempDirs } from "./fixture-files.js";

afterAll(removeTempDirs);

/** Whether prettier, with the project's config for a file in generated/, leaves `source` as is. */
async function isPrettierClean(source: string): Promise<boolean> {
  const where = fileURLToPath(new URL("../../generated/client.gen.ts", import.meta.url));
  const config = await prettier.resolveConfig(where);
  expect(config).toEqual({ tabWidth: 4, printWidth: 100000 });
  return prettier.check(source, { ...config, parser: "typescript" });
}

describe("formatTypeScript", () => {
  it("prints code the way prettier with the project config would", async () => {
    const ugly = 'export   const x={a:1,"b-c":[1,2,3]}\nexport type Y={z?:string|null}';
    const formatted = await formatTypeScript(ugly);
    expect(await isPrettierClean(ugly)).toBe(false);
    expect(await isPrettierClean(formatted)).toBe(true);
    expect(await formatTypeScript(formatted)).toBe(formatted);
  });

  it("uses generated/'s own config: four-space indents, no line broken for its length", async () => {
    const line = `export const names = [${Array.from({ length: 40 }, (_, i) => `"name${i}"`).join(", ")}];`;
    expect(line.length).toBeGreaterThan(200);
    expect(await formatTypeScript(line)).toBe(`${line}\n`);
    expect(await formatTypeScript("interface A {\n  b: string;\n}")).toBe(
      "interface A {\n    b: string;\n}\n",
    );
  });

  it("leaves every generated file, header included, prettier-clean", async () => {
    const files = await generateFiles(await fixture("items-api.json"));
    expect(Object.keys(files)).toEqual(["client.gen.ts", "constraints.gen.ts", "schema.gen.ts"]);
    for (const [name, content] of Object.entries(files)) {
      expect(await isPrettierClean(content), name).toBe(true);
    }
  });
});

/** Object schemas in the shapes whose printed types prettier lays out differently. */
const unionShapes = openApiDoc({
  "/shapes": {
    get: {
      responses: okResponse({
        type: "object",
        properties: {
          nullableFirst: { type: ["null", "object"], properties: { a: { type: "string" } } },
          nullableLast: { type: ["object", "null"], properties: { a: { type: "string" } } },
          either: {
            oneOf: [
              { type: "object", properties: { a: { type: "string" } } },
              { type: "object", properties: { b: { type: "number" } } },
            ],
          },
          both: {
            allOf: [
              { type: "object", properties: { a: { type: "string" } } },
              { type: "object", additionalProperties: { type: "string" } },
            ],
          },
          quoted: { type: "string", enum: ['say "hi"', "it's"] },
          plain: { type: "string" },
        },
      }),
    },
  },
});

describe("formatTypes", () => {
  it.each([
    ["the items fixture", async () => emitTypes((await fixture("items-api.json")) as never)],
    ["unions and intersections of objects", async () => emitTypes(unionShapes as never)],
  ])("gives what formatting %s whole gives, and prettier accepts it", async (_, make) => {
    const source = await make();
    const formatted = await formatTypes(source);
    expect(formatted).toBe(await formatTypeScript(source));
    expect(await isPrettierClean(formatted)).toBe(true);
    expect(await formatTypes(formatted)).toBe(formatted);
  });

  it.each([
    ["a plain member", "    a?: string;", false],
    ["a doc comment", "     * @description a | {", false],
    ["an object hugged by null", "    } | null;", false],
    ["a union opening an object", "    a?: null | {", true],
    ["a union between objects", "    } | {", true],
    ["an escaped double quote", '    a: "say \\"hi\\"";', true],
    ["a line past the width", `    a: ${"x".repeat(120)};`, true],
  ])("mayChange: %s -> %s", (_, line, expected) => {
    expect(mayChange(line, 100)).toBe(expected);
  });
});
