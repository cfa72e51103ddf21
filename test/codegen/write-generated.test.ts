import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { differingFiles, writeGenerated } from "../../codegen/write-generated.js";
import { readFiles, removeTempDirs, tempDir } from "./fixture-files.js";

afterAll(removeTempDirs);

const previous = {
  "a.gen.ts": "export const a = 1;\n",
  "b.gen.ts": "export const b = 1;\n",
  "c.gen.ts": "export const c = 1;\n",
  "notes.md": "kept\n",
};

/** A folder holding the previous output. */
async function previousOutput(): Promise<string> {
  const dir = await tempDir();
  for (const [name, content] of Object.entries(previous)) await writeFile(join(dir, name), content);
  return dir;
}

const next = (names: string[]) =>
  new Map(names.map((name) => [name, `export const next = "${name}";\n`]));

describe("differingFiles", () => {
  it.each([
    { change: "nothing", files: ["a.gen.ts", "b.gen.ts", "c.gen.ts"], expected: [] },
    {
      change: "an edited file",
      files: ["a.gen.ts", "b.gen.ts", "c.gen.ts"],
      edit: "b.gen.ts",
      expected: ["b.gen.ts"],
    },
    {
      change: "a file no longer produced",
      files: ["a.gen.ts", "b.gen.ts"],
      expected: ["c.gen.ts"],
    },
    {
      change: "a new file",
      files: ["a.gen.ts", "b.gen.ts", "c.gen.ts", "d.gen.ts"],
      expected: ["d.gen.ts"],
    },
  ])("lists $expected when $change differs", async ({ files, edit, expected }) => {
    const dir = await previousOutput();
    const known = previous as Record<string, string>;
    const wanted = new Map(files.map((name) => [name, known[name] ?? "new\n"]));
    if (edit) wanted.set(edit, "edited\n");
    expect(await differingFiles(dir, wanted)).toEqual(expected);
  });

  it("lists every file when the folder does not exist", async () => {
    const dir = join(await tempDir(), "missing");
    expect(await differingFiles(dir, next(["a.gen.ts"]))).toEqual(["a.gen.ts"]);
  });
});

describe("writeGenerated", () => {
  it("replaces changed files, removes stale .gen.ts files and keeps the rest", async () => {
    const dir = await previousOutput();
    const files = new Map([
      ["a.gen.ts", previous["a.gen.ts"]],
      ["b.gen.ts", "export const b = 2;\n"],
    ]);
    expect(await writeGenerated(dir, files)).toEqual(["b.gen.ts", "c.gen.ts"]);
    expect(await readFiles(dir)).toEqual({
      "a.gen.ts": previous["a.gen.ts"],
      "b.gen.ts": "export const b = 2;\n",
      "notes.md": previous["notes.md"],
    });
  });

  it("creates the folder when it is missing", async () => {
    const dir = join(await tempDir(), "deep", "generated");
    expect(await writeGenerated(dir, next(["a.gen.ts"]))).toEqual(["a.gen.ts"]);
    expect(Object.keys(await readFiles(dir))).toEqual(["a.gen.ts"]);
  });

  it.each([
    {
      failure: "writing a temporary file fails",
      names: ["a.gen.ts", "missing-folder/b.gen.ts"],
      prepare: async () => {},
    },
    {
      failure: "renaming the last file fails",
      names: ["a.gen.ts", "b.gen.ts", "c.gen.ts"],
      prepare: async (dir: string) => {
        await mkdir(join(dir, "d.gen.ts"));
      },
      extra: ["d.gen.ts"],
    },
  ])("leaves the folder as it was when $failure", async ({ names, prepare, extra }) => {
    const dir = await previousOutput();
    await prepare(dir);
    const before = await readFiles(dir);
    const files = next([...names, ...(extra ?? [])]);
    await expect(writeGenerated(dir, files)).rejects.toThrow();
    expect(await readFiles(dir)).toEqual(before);
  });
});
