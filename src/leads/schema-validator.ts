import { Ajv2020, type AnySchemaObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { issuesFromAjv } from "./ajv-issues.js";
import type { LeadIssue } from "../spec/lead-issue.js";

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const bodySchema = bulkAddLeadsSpec.requestBody.schema;
const LEAD_ENUM_PREFIX = "requestBody.leads[].";
const BODY_ENUM_PREFIX = "requestBody.";

/** The body schema without `leads`: leads are checked one at a time, their count by hand. */
function bodyFieldsSchema(): AnySchemaObject {
  const { leads: _leads, ...properties } = bodySchema.properties;
  return {
    ...bodySchema,
    properties,
    required: bodySchema.required.filter((name) => name !== "leads"),
  };
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI annotations: known to Ajv as keywords without validation, so strict mode stays on.
  ajv.addVocabulary(["example", "x-enumDescriptions"]);
  return ajv;
}

interface Validators {
  lead: ValidateFunction;
  bodyFields: ValidateFunction;
}

let compiled: Validators | undefined;

/** Compiles the spec's schemas once per process, on first use. */
function validators(): Validators {
  if (compiled === undefined) {
    const ajv = createAjv();
    compiled = {
      lead: ajv.compile(bodySchema.properties.leads.items as AnySchemaObject),
      bodyFields: ajv.compile(bodyFieldsSchema()),
    };
  }
  return compiled;
}

/** The structural issues of one lead against the spec's `leads.items` schema (none when valid). */
export function leadSchemaIssues(lead: unknown, index: number): LeadIssue[] {
  // allErrors costs nothing measurable on valid leads (npm run bench:validate), so one pass serves.
  const { lead: validate } = validators();
  if (validate(lead)) return [];
  return issuesFromAjv(validate.errors ?? [], index, LEAD_ENUM_PREFIX);
}

/** The structural issues of the body's fields other than `leads` (target ids, flags, blocklist). */
export function bodyFieldIssues(body: unknown): LeadIssue[] {
  const { bodyFields } = validators();
  if (bodyFields(body)) return [];
  return issuesFromAjv(bodyFields.errors ?? [], -1, BODY_ENUM_PREFIX);
}
