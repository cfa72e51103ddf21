import SwaggerParser from "@apidevtools/swagger-parser";
import { DriftSourceError, asObject, type JsonObject } from "./errors.js";
import { readSource, type ReadLimits } from "./fetch-upstream.js";

/** An OpenAPI document as written (raw) and with every internal $ref replaced by its target. */
export interface LoadedDocument {
  source: string;
  raw: JsonObject;
  dereferenced: JsonObject;
}

/** Parses, validates (OpenAPI 3.0 or 3.1) and dereferences a document; errors name the source. */
export async function loadOpenApi(text: string, source: string): Promise<LoadedDocument> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const start = JSON.stringify(text.slice(0, 40));
    throw new DriftSourceError(
      `${source} is not JSON (${(error as Error).message}; it starts with ${start})`,
    );
  }
  const raw = asObject(parsed);
  const version = raw?.["openapi"];
  if (!raw || typeof version !== "string" || !/^3\.[01]\./.test(version)) {
    throw new DriftSourceError(
      `${source} is not an OpenAPI 3.0/3.1 document (no "openapi": "3.0.x" or "3.1.x" field)`,
    );
  }
  try {
    // validate() dereferences too; it works on a clone so `raw` keeps its $refs for extraction.
    // External refs stay unresolved: the check must never reach beyond the document it was given.
    const dereferenced = await SwaggerParser.validate(structuredClone(raw) as never, {
      resolve: { external: false },
    });
    return { source, raw, dereferenced: dereferenced as unknown as JsonObject };
  } catch (error) {
    const detail = (error as Error).message.trim().split("\n").slice(0, 6).join("\n  ");
    throw new DriftSourceError(`${source} is not a valid OpenAPI document: ${detail}`);
  }
}

/** Reads (URL or file) and loads an OpenAPI document. */
export async function readOpenApi(source: string, limits: ReadLimits): Promise<LoadedDocument> {
  return loadOpenApi(await readSource(source, limits), source);
}
