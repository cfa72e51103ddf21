import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { expect } from "vitest";
import { createSpecAjv } from "../../src/testing/spec-ajv.js";

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
  components: { schemas: object };
}

// Read from the spec itself rather than from anything generated; component $refs become $defs.
const spec = JSON.parse(
  readFileSync(new URL("../../spec/instantly-api-v2.json", import.meta.url), "utf8").replaceAll(
    "#/components/schemas/",
    "#/$defs/",
  ),
) as Spec;
const ajv = createSpecAjv();
// Annotations of the spec's components beside the ones createSpecAjv knows.
ajv.addVocabulary(["x-tags", "x-group"]);
// Campaign has `required` without `type: object` in one place; valid JSON Schema, not worth a warning.
ajv.opts.strictTypes = false;

/** A validator of the JSON body the spec documents for an operation's answer with `status`. */
export function documentedBody(path: string, method: string, status: number): ValidateFunction {
  const response = spec.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  const media = response?.content as { "application/json"?: { schema: object } } | undefined;
  const schema = media?.["application/json"]?.schema;
  if (schema === undefined) throw new Error(`the spec documents no ${status} body of ${path}`);
  return ajv.compile({ ...schema, $defs: spec.components.schemas });
}

/** The validator's errors as one line. */
export function errorsOf(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors);
}

/** Asserts that `body` is the JSON body the spec documents for the answer with `status`. */
export function expectDocumented(path: string, method: string, status: number, body: unknown) {
  const validate = documentedBody(path, method, status);
  expect(validate(body), errorsOf(validate)).toBe(true);
}
