// Worker thread of emit-types.ts. Plain JavaScript on purpose: started without the parent's
// TypeScript loader (tsx), openapi-typescript and TypeScript, most of a run's loading, load here
// without the loader's per-module hooks, beside the main thread's work. Each request names the
// spec's file (or carries the bundled document); the reply is the printed types.
import { readFileSync } from "node:fs";
import { parentPort } from "node:worker_threads";
// Its transform, printer and helpers, from their own modules: the package's index also loads all
// of @redocly/openapi-core for the lint and bundle steps skipped here (0.2 s of a run's loading).
import { astToString } from "openapi-typescript/dist/lib/ts.mjs";
import { resolveRef, scanDiscriminators } from "openapi-typescript/dist/lib/utils.mjs";
import transformSchema from "openapi-typescript/dist/transform/index.mjs";

// openapiTS(document, { alphabetize: false, exportType: false }) without its own parse, lint and
// bundle steps (half a second on the upstream document): the document reaching this thread is
// self-contained (the main thread bundles one with external refs) and swagger-parser validates
// it beside this thread. The context is openapiTS's defaults; `npm run generate -- --check`
// and the emit-types tests would show any difference in the printed types.
function emit(schema) {
  const ctx = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined,
    silent: false,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: false }),
  };
  return astToString(transformSchema(schema, ctx));
}

parentPort.on("message", ({ id, file, document }) => {
  try {
    const source = document ?? JSON.parse(readFileSync(file, "utf8"));
    parentPort.postMessage({ id, text: emit(source) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
