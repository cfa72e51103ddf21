import type { OpenAPIV3_1 } from "openapi-types";
import { dereferenceSpec, hasExternalRefs } from "./spec/document.js";

/** The two views of a valid document the emitters need. */
export interface ValidatedSpec {
  /** Internal `$ref`s kept, so named component schemas stay named in the emitted types. */
  bundled: OpenAPIV3_1.Document;
  /** Every `$ref` resolved (cycles left as `$ref`), for runtime constants. */
  dereferenced: OpenAPIV3_1.Document;
}

/** Validates an OpenAPI 3.x document and returns its bundled and dereferenced forms. */
export async function validateSpec(document: object, file: string): Promise<ValidatedSpec> {
  const dereferenced = await dereferenceSpec(document as Record<string, unknown>, {
    file,
    externalRefs: "resolve",
    cycles: "ref",
  });
  return {
    bundled: await bundledView(document, file),
    dereferenced: dereferenced as unknown as OpenAPIV3_1.Document,
  };
}

/** The document with internal `$ref`s kept and any other file's content pulled in. */
export async function bundledView(document: object, file: string): Promise<OpenAPIV3_1.Document> {
  // A single-file document needs no bundling (bundling it would copy it unchanged).
  if (!hasExternalRefs(document)) return document as OpenAPIV3_1.Document;
  const { default: SwaggerParser } = await import("@apidevtools/swagger-parser");
  return (await SwaggerParser.bundle(file)) as OpenAPIV3_1.Document;
}
