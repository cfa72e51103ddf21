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
    // swagger-parser mutates what it is given, so each step gets its own copy. Validation
    // dereferences as its last step, so its result is the dereferenced view.
    const dereferenced = await SwaggerParser.validate(
      structuredClone(document) as OpenAPIV3_1.Document,
      { dereference: { circular: "ignore" } },
    );
    const bundled = await SwaggerParser.bundle(structuredClone(document) as OpenAPIV3_1.Document);
    return {
      bundled: bundled as OpenAPIV3_1.Document,
      dereferenced: dereferenced as OpenAPIV3_1.Document,
    };
  } catch (error) {
    throw toGenerateError(error, file);
  }
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
