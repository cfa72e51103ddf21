import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { emitTypes } from "../../codegen/emit-types.js";
import { formatTypeScript, formatTypes, prettierOptions } from "../../codegen/format.js";
import { joinFormatted, splitSource, wrapChunk } from "../../codegen/format-chunks.js";
import { FormatPool } from "../../codegen/format-pool.js";
import { fixture, okResponse, openApiDoc } from "./fixture-files.js";
import type { OpenAPIV3_1 } from "openapi-types";

/** Formats every chunk of a source, in this process: what formatTypes does with the pieces it picks. */
async function formatChunked(source: string, chunkBytes: number): Promise<string> {
  const options = await prettierOptions();
  const split = splitSource(source, chunkBytes);
  const skeleton = await prettier.format(split.skeleton, options);
  const chunks = await Promise.all(
    split.chunks.map((chunk) => prettier.format(wrapChunk(chunk), options)),
  );
  return joinFormatted(skeleton, split.chunks, chunks);
}

/** A document with many operations and schemas, so that its types have large nested blocks. */
function wideDocument(count: number): OpenAPIV3_1.Document {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    schemas[`Thing${i}`] = {
      type: "object",
      description: `Thing number ${i}, with a description long enough to be wrapped by the printer.`,
      properties: {
        id: { type: "string", format: "uuid" },
        tags: { type: "array", items: { type: ["string", "null"] } },
        kind: { type: "string", enum: ["a", "b", `c${i}`] },
        nested: { type: "object", properties: { depth: { type: "integer" } } },
      },
      required: ["id"],
    };
    paths[`/things-${i}/{id}`] = {
      get: {
        operationId: `getThing${i}`,
        summary: `Get thing ${i}`,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
        responses: okResponse({ $ref: `#/components/schemas/Thing${i}` }),
      },
    };
  }
  return openApiDoc(paths, { components: { schemas } }) as unknown as OpenAPIV3_1.Document;
}

/** Large objects in unions: the printer writes `name?: "a" | "b" | {`, which prettier re-indents. */
function unionDocument(count: number): OpenAPIV3_1.Document {
  const properties = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`field_${i}`, { type: "string", example: `value ${i}` }]),
  );
  const schemas: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    schemas[`Holder${i}`] = {
      type: "object",
      properties: {
        payload: {
          anyOf: [
            { type: "string", enum: ["a", "b"] },
            { type: "object", properties },
          ],
        },
        nested: {
          type: "object",
          properties: { inner: { anyOf: [{ type: "integer" }, { type: "object", properties }] } },
        },
      },
    };
  }
  return openApiDoc({}, { components: { schemas } }) as unknown as OpenAPIV3_1.Document;
}

describe("chunked formatting", () => {
  it.each([
    ["the items fixture", async () => emitTypes((await fixture("items-api.json")) as never), 300],
    ["a wide document", async () => emitTypes(wideDocument(40)), 2_000],
    ["a wide document, large chunks", async () => emitTypes(wideDocument(300)), 20_000],
    ["union members larger than a chunk", async () => emitTypes(unionDocument(6)), 300],
  ])("gives the same text as formatting %s whole", async (_, source, chunkBytes) => {
    const text = await source();
    const split = splitSource(text, chunkBytes);
    expect(split.chunks.length).toBeGreaterThan(1);
    expect(await formatChunked(text, chunkBytes)).toBe(await formatTypeScript(text));
  });

  it("keeps the other chunks unchanged when one member changes", async () => {
    const before = splitSource(await emitTypes(wideDocument(60)), 4_000).chunks.map((c) => c.text);
    const changed = wideDocument(60);
    (changed.components!.schemas!["Thing30"] as { description: string }).description = "Changed.";
    const after = splitSource(await emitTypes(changed), 4_000).chunks.map((c) => c.text);
    const kept = after.filter((chunk) => before.includes(chunk)).length;
    expect(after.length - kept).toBeLessThanOrEqual(2);
  });

  it("formats a large source on worker threads with the same result", async () => {
    const text = await emitTypes(wideDocument(200));
    const pool = new FormatPool(2);
    try {
      const parallel = await formatTypes(text, {
        all: true,
        format: (sources, options) => pool.format(sources, options),
      });
      expect(parallel).toBe(await formatTypeScript(text));
    } finally {
      await pool.close();
    }
  }, 120_000);
});
