import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../../codegen/pipeline.js";
import type { Pin } from "../../codegen/spec/pin.js";

/** The smallest valid OpenAPI 3.1 document, with the given paths and extra top-level fields. */
export function openApiDoc(
  paths: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { openapi: "3.1.0", info: { title: "Fixture", version: "1.0.0" }, paths, ...extra };
}

/** A JSON response map with one `200` body of the given schema. */
export function okResponse(schema: unknown = { type: "object" }): Record<string, unknown> {
  return { "200": { description: "ok", content: { "application/json": { schema } } } };
}

/** Reads a JSON fixture from `test/codegen/fixtures`. */
export async function fixture(name: string): Promise<Record<string, unknown>> {
  const text = await readFile(new URL(`fixtures/${name}`, import.meta.url), "utf8");
  return JSON.parse(text) as Record<string, unknown>;
}

const made: string[] = [];

/** Creates a temporary folder that `removeTempDirs` deletes. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "codegen-test-"));
  made.push(dir);
  return dir;
}

/** Deletes every folder `tempDir` made (call it from `afterAll`). */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The hex sha256 of a text's UTF-8 bytes, as the pin records it. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Writes a spec (a document, or raw text) as `dir/name` and, when `pin` is given, a `pin.json`
 * beside it whose sha256 is that of the written bytes unless the pin sets its own.
 */
export async function writeSpec(
  dir: string,
  spec: unknown,
  pin?: Partial<Pin>,
  name = "spec.json",
): Promise<string> {
  const text = typeof spec === "string" ? spec : JSON.stringify(spec, null, 2);
  const path = join(dir, name);
  await writeFile(path, text);
  if (pin) {
    const record = {
      upstream: "https://example.test/openapi.json",
      spec: name,
      operations: [],
      sha256: sha256(text),
      taken: "2026-01-01",
      ...pin,
    };
    await writeFile(join(dir, "pin.json"), JSON.stringify(record, null, 2));
  }
  return path;
}

/** Every entry of a folder (not recursive) as name -> content, or "(folder)"; {} when it is missing. */
export async function readFiles(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const read = entries
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(async (entry) => {
      const path = join(dir, entry.name);
      return [entry.name, entry.isDirectory() ? "(folder)" : await readFile(path, "utf8")] as const;
    });
  return Object.fromEntries(await Promise.all(read));
}

/** Writes the spec to a temp folder, runs `generate` into another and returns the output files. */
export async function generateFiles(
  spec: unknown,
  pin?: Partial<Pin>,
): Promise<Record<string, string>> {
  const specPath = await writeSpec(await tempDir(), spec, pin);
  const outDir = join(await tempDir(), "generated");
  await generate({ specPath, outDir });
  return readFiles(outDir);
}

/** Collapses whitespace so assertions do not depend on how the printer wrapped a line. */
export function squash(source: string): string {
  return source
    .replace(/\s+/g, " ")
    .replace(/([[<(]) /g, "$1")
    .replace(/ ([\]>)])/g, "$1");
}
