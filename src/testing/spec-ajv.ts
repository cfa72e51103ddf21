import { Ajv2020 } from "ajv/dist/2020.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

/** Annotation keywords of the OpenAPI 3.1 spec that carry no validation. */
const ANNOTATIONS = ["example", "x-enumDescriptions"];

/**
 * An Ajv for the spec's JSON Schemas (2020-12 dialect, full formats, strict about everything else).
 * Built apart from the client's (leads/schema-validator.ts) on purpose: the fake judges what the
 * client sends, so a mistake in the client's Ajv setup must not pass on both sides.
 */
export function createSpecAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, formats: fullFormats });
  ajv.addVocabulary(ANNOTATIONS);
  return ajv;
}
