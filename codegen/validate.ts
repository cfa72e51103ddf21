import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { GenerateError } from "./errors.js";

/** The two views of a valid document the emitters need. */
export interface ValidatedSpec {
  /** Internal `$ref`s kept, so named component schemas stay named in the emitted types. */
  bundled: OpenAPIV3_1.Document;
  /** Every `$ref` resolved (cycles left as `$ref`), for runtime constants. */
  dereferenced: OpenAPIV3_1.Document;
}

interface AjvDetail {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Validates an OpenAPI 3.x document with swagger-parser and returns its bundled and dereferenced forms. */
export async function validateSpec(document: object, file: string): Promise<ValidatedSpec> {
  const version = (document as { openapi?: unknown }).openapi;
  if (typeof version !== "string" || !/^3\.[01]\.\d+$/.test(version)) {
    throw new GenerateError(
      `not an OpenAPI 3.0/3.1 document (openapi: ${JSON.stringify(version)})`,
      file,
      "#/openapi",
    );
  }
  try {
    // Refs to other files resolve only against the file's own path; a single-file document is
    // validated from memory, and needs no bundling (bundling it would copy it unchanged).
    const external = hasExternalRefs(document);
    // swagger-parser mutates what it is given, hence the copy. Validation dereferences as its
    // last step, so its result is the dereferenced view.
    const dereferenced = await SwaggerParser.validate(
      external ? file : (structuredClone(document) as OpenAPIV3_1.Document),
      { dereference: { circular: "ignore" } },
    );
    const bundled = external ? await SwaggerParser.bundle(file) : document;
    return {
      bundled: bundled as OpenAPIV3_1.Document,
      dereferenced: dereferenced as OpenAPIV3_1.Document,
    };
  } catch (error) {
    throw toGenerateError(error, file);
  }
}

function hasExternalRefs(document: object): boolean {
  return /"\$ref":\s*"(?!#)/.test(JSON.stringify(document));
}

function toGenerateError(error: unknown, file: string): GenerateError {
  const e = error as Error & { details?: AjvDetail[]; path?: string; code?: string };
  if (Array.isArray(e.details) && e.details.length > 0) {
    const lines = e.details.map((d) => {
      const param = d.params ? Object.values(d.params).join(", ") : "";
      return `  #${d.instancePath ?? ""} ${d.message ?? "is invalid"}${param ? ` (${param})` : ""}`;
    });
    return new GenerateError(`invalid OpenAPI document:\n${lines.join("\n")}`, file);
  }
  const where = e.path ? `#${e.path.split("#")[1] ?? ""}` : undefined;
  return new GenerateError(`invalid OpenAPI document: ${e.message}`, file, where);
}
