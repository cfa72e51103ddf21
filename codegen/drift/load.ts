import { dereferenceSpec, openApi3Version, SpecValidationError } from "../spec/document.js";
import { asObject, type JsonObject } from "../spec/json.js";
import { DriftSourceError } from "./errors.js";
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
  if (!raw || !openApi3Version(raw)) {
    throw new DriftSourceError(
      `${source} is not an OpenAPI 3.0/3.1 document (no "openapi": "3.0.x" or "3.1.x" field)`,
    );
  }
  try {
    // `raw` keeps its $refs for extraction. External refs stay unresolved: the check must never
    // reach beyond the document it was given. Real cycles stay cycles: the diff walks them.
    const dereferenced = await dereferenceSpec(raw, {
      file: source,
      externalRefs: "leave",
      cycles: "keep",
    });
    return { source, raw, dereferenced };
  } catch (error) {
    if (!(error instanceof SpecValidationError)) throw error;
    const detail = error.detail.trim().split("\n").slice(0, 6).join("\n  ");
    throw new DriftSourceError(`${source} is not a valid OpenAPI document: ${detail}`);
  }
}

/** Reads (URL or file) and loads an OpenAPI document. */
export async function readOpenApi(source: string, limits: ReadLimits): Promise<LoadedDocument> {
  return loadOpenApi(await readSource(source, limits), source);
}
