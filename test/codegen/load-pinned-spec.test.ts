import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SpecError } from "../../codegen/spec/spec-error.js";
import { loadSpec } from "../../codegen/load-pinned-spec.js";
import { generate } from "../../codegen/pipeline.js";
import {
  fixture,
  openApiDoc,
  removeTempDirs,
  sha256,
  tempDir,
  writeSpec,
} from "./fixture-files.js";

afterAll(removeTempDirs);

const otherSha = "0".repeat(64);

/** Runs `fn` and returns what it threw, failing the test when it did not throw. */
function thrown(fn: () => unknown): SpecError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return error as SpecError;
  }
  throw new Error("expected a SpecError");
}

describe("loadSpec", () => {
  it.each([
    {
      problem: "a missing comma",
      text: '{\n  "openapi": "3.1.0"\n  "info": {}\n}',
      line: 3,
      col: 3,
    },
    { problem: "a trailing comma", text: '{\n  "openapi": "3.1.0",\n}', line: 3, col: 1 },
    { problem: "text after the document", text: '{ "openapi": "3.1.0" } x', line: 1, col: 24 },
    { problem: "an unquoted value", text: '{\n  "openapi": yes\n}', line: 2, col: 14 },
    { problem: "a missing value", text: '{\n  "info": {},\n  "openapi": }', line: 3, col: 14 },
  ])("reports $problem with the file, line and column", async ({ text, line, col }) => {
    const specPath = await writeSpec(await tempDir(), text);
    const error = thrown(() => loadSpec(specPath));
    expect(error.message).toContain(specPath);
    expect(error.message).toContain("invalid JSON");
    expect(error.message).toContain(`line ${line}, column ${col}`);
  });

  it.each([["[]"], ['"openapi"'], ["42"], ["null"]])("refuses %s: not an object", async (text) => {
    const specPath = await writeSpec(await tempDir(), text);
    const error = thrown(() => loadSpec(specPath));
    expect(error.message).toContain(specPath);
    expect(error.message).toContain("not a JSON object");
  });

  it("names the file when it cannot be read", async () => {
    const specPath = join(await tempDir(), "absent.json");
    expect(thrown(() => loadSpec(specPath)).message).toContain(specPath);
  });

  it("returns the document, the sha256 of its bytes and the matching pin", async () => {
    const document = openApiDoc();
    const specPath = await writeSpec(await tempDir(), document, { operations: ["listThings"] });
    const loaded = loadSpec(specPath);
    expect(loaded.document).toEqual(document);
    expect(loaded.sha256).toBe(sha256(JSON.stringify(document, null, 2)));
    expect(loaded.pin?.operations).toEqual(["listThings"]);
  });

  it("refuses a spec whose bytes no longer match the pin and says to re-pin", async () => {
    const specPath = await writeSpec(await tempDir(), openApiDoc(), { sha256: otherSha });
    const error = thrown(() => loadSpec(specPath));
    expect(error.message).toContain(specPath);
    expect(error.message).toContain(otherSha);
    expect(error.message).toMatch(/re-pin/);
  });

  it("ignores a pin.json that pins another file", async () => {
    const dir = await tempDir();
    const specPath = await writeSpec(dir, openApiDoc(), { spec: "other.json", sha256: otherSha });
    expect(loadSpec(specPath).pin).toBeUndefined();
  });

  it.each([
    { problem: "is not JSON", pin: "{ sha256: }" },
    { problem: "has no sha256", pin: JSON.stringify({ operations: [] }) },
    { problem: "has no operations", pin: JSON.stringify({ sha256: otherSha }) },
  ])("names pin.json when it $problem", async ({ pin }) => {
    const dir = await tempDir();
    const specPath = await writeSpec(dir, openApiDoc());
    await writeFile(join(dir, "pin.json"), pin);
    expect(thrown(() => loadSpec(specPath)).message).toContain(join(dir, "pin.json"));
  });

  it.each([
    { pin: undefined, operations: 3 },
    { pin: { operations: ["addItems"] }, operations: 1 },
  ])("selects $operations operation(s) with pin $pin", async ({ pin, operations }) => {
    const specPath = await writeSpec(await tempDir(), await fixture("items-api.json"), pin);
    const outDir = join(await tempDir(), "out");
    const result = await generate({ specPath, outDir, check: true });
    expect(result.operations).toBe(operations);
    expect(existsSync(outDir)).toBe(false);
  });
});
