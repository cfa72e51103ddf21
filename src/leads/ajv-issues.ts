import type { ErrorObject } from "ajv";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import type { LeadIssue } from "../spec/lead-issue.js";

const enums: Readonly<
  Record<string, { values: readonly unknown[]; labels: Readonly<Record<string, string>> }>
> = bulkAddLeadsSpec.enums;

const typeNames: Readonly<Record<string, string>> = {
  object: "an object",
  array: "an array",
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  null: "null",
};

/** Ajv's JSON Pointer as a dotted field path ("/custom_variables/a~1b" -> "custom_variables.a/b"). */
function fieldOf(instancePath: string): string {
  if (instancePath === "") return "";
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function joinWords(words: readonly string[], last: string): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${last} ${words.at(-1)}`;
}

function typeMessage(type: unknown): string {
  const types = Array.isArray(type) ? type.map(String) : [String(type)];
  const [first, ...rest] = types;
  // "a string, number or null" reads better than repeating the article on every type.
  const words = [typeNames[first ?? ""] ?? first ?? "", ...rest];
  return `must be ${joinWords(words, "or")}`;
}

function enumMessage(allowed: readonly unknown[], enumKey: string): string {
  const labels = enums[enumKey]?.labels ?? {};
  const named = allowed.map((value) => labels[String(value)]).filter((label) => label);
  const suffix = named.length === allowed.length ? ` (${named.join(", ")})` : "";
  return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(", ")}${suffix}`;
}

function issueOf(error: ErrorObject, index: number, enumPrefix: string): LeadIssue {
  const field = fieldOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const at = (name: unknown): string => (field === "" ? String(name) : `${field}.${String(name)}`);
  switch (error.keyword) {
    case "additionalProperties":
      return {
        index,
        field: at(params.additionalProperty),
        message: `unknown property "${String(params.additionalProperty)}"`,
      };
    case "required":
      return { index, field: at(params.missingProperty), message: "is required" };
    case "type":
      return { index, field, message: typeMessage(params.type) };
    case "enum":
      return {
        index,
        field,
        message: enumMessage(params.allowedValues as unknown[], `${enumPrefix}${field}`),
      };
    case "format":
      return { index, field, message: `must be a valid ${String(params.format)}` };
    default:
      return { index, field, message: error.message ?? `breaks the "${error.keyword}" rule` };
  }
}

/**
 * Ajv errors as issues with dotted fields and plain messages; `enumPrefix` locates the field's enum
 * labels in the generated constraints (e.g. "requestBody.leads[].").
 */
export function issuesFromAjv(
  errors: readonly ErrorObject[],
  index: number,
  enumPrefix: string,
): LeadIssue[] {
  // A value of the wrong type also fails its enum; the type message alone says what to fix.
  const wrongType = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  return errors
    .filter((error) => !(error.keyword === "enum" && wrongType.has(error.instancePath)))
    .map((error) => issueOf(error, index, enumPrefix));
}
