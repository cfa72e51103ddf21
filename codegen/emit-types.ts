// The only module that knows openapi-typescript: replacing it (it is in maintenance mode upstream)
// means rewriting this file alone, keeping the exported names `paths`, `components` and `operations`.
import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPIV3_1 } from "openapi-types";

import typesPackage from "openapi-typescript/package.json" with { type: "json" };

/** The version of the types emitter, named in every generated file's header. */
export const typesGeneratorVersion: string = typesPackage.version;

/** Emits the TypeScript types of a bundled document (component schemas keep their names). */
export async function emitTypes(bundled: OpenAPIV3_1.Document): Promise<string> {
  // openapi-typescript reads the document it is given as-is; a clone keeps callers' objects intact.
  const ast = await openapiTS(structuredClone(bundled) as never, {
    alphabetize: false,
    exportType: false,
  });
  return astToString(ast);
}
