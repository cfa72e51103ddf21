import { fileURLToPath } from "node:url";
import * as prettier from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import { formatTypeScript } from "../../codegen/format.js";
import { fixture, generateFiles, removeTempDirs } from "./fixture-files.js";

afterAll(removeTempDirs);

/** Whether prettier, with the project's config for a file in generated/, leaves `source` as is. */
async function isPrettierClean(source: string): Promise<boolean> {
  const where = fileURLToPath(new URL("../../generated/client.gen.ts", import.meta.url));
  const config = await prettier.resolveConfig(where);
  expect(config?.printWidth).toBe(100);
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

  it("uses the project's print width of 100, not prettier's default of 80", async () => {
    const line = `export const names = [${Array.from({ length: 8 }, (_, i) => `"name${i}"`).join(", ")}];`;
    expect(line.length).toBeGreaterThan(80);
    expect(line.length).toBeLessThanOrEqual(100);
    expect(await formatTypeScript(line)).toBe(`${line}\n`);
  });

  it("leaves every generated file, header included, prettier-clean", async () => {
    const files = await generateFiles(await fixture("items-api.json"));
    expect(Object.keys(files)).toEqual(["client.gen.ts", "constraints.gen.ts", "schema.gen.ts"]);
    for (const [name, content] of Object.entries(files)) {
      expect(await isPrettierClean(content), name).toBe(true);
    }
  });
});
