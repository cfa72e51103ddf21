import type { OpenAPIV3_1 } from "openapi-types";
import { jsonMediaType } from "./media.js";
import type { OperationRef } from "./operations.js";

type Schema = OpenAPIV3_1.SchemaObject & { "x-enumDescriptions"?: unknown; $ref?: string };

/** An array in the request body: its bounds and, for arrays of objects, the item's property names. */
export interface ArrayConstraint {
  minItems: number | null;
  maxItems: number | null;
  itemProperties: string[];
  itemRequired: string[];
}

/** An enum anywhere in the operation, with its `x-enumDescriptions` labels keyed by value. */
export interface EnumConstraint {
  values: unknown[];
  labels: Record<string, string>;
}

/** The runtime facts of one operation, as plain JSON. */
export interface OperationConstants {
  operationId: string | null;
  method: string;
  path: string;
  requestBody: {
    required: boolean;
    mediaType: string;
    schema: Schema;
    properties: string[];
    requiredProperties: string[];
  } | null;
  arrays: Record<string, ArrayConstraint>;
  enums: Record<string, EnumConstraint>;
  responseStatuses: string[];
}

/** Derives an operation's constants from the dereferenced document. */
export function operationConstants(
  document: OpenAPIV3_1.Document,
  op: OperationRef,
): OperationConstants {
  // The dereferenced document holds the same operation objects with every $ref resolved.
  const operation = document.paths?.[op.path]?.[op.method] as OpenAPIV3_1.OperationObject;
  const enums: Record<string, EnumConstraint> = {};
  const arrays: Record<string, ArrayConstraint> = {};

  for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
    walk(parameter.schema as Schema, `parameters.${parameter.in}.${parameter.name}`, enums);
  }

  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const mediaType = jsonMediaType(body?.content);
  let requestBody: OperationConstants["requestBody"] = null;
  if (body && mediaType) {
    const schema = withDefs(document, (body.content[mediaType]?.schema ?? {}) as Schema);
    walk(schema, "requestBody", enums, arrays);
    requestBody = {
      required: body.required === true,
      mediaType,
      schema,
      properties: Object.keys(schema.properties ?? {}),
      requiredProperties: schema.required ?? [],
    };
  }

  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const content = (response as OpenAPIV3_1.ResponseObject).content;
    const media = jsonMediaType(content);
    if (media) walk(content?.[media]?.schema as Schema, `responses.${status}`, enums);
  }

  return {
    operationId: op.operationId ?? null,
    method: op.method.toUpperCase(),
    path: op.path,
    requestBody,
    arrays,
    enums,
    responseStatuses: Object.keys(operation.responses ?? {}),
  };
}

/** Records enums (and, when `arrays` is given, array bounds) under readable paths like `requestBody.leads[].x`. */
function walk(
  schema: Schema | undefined,
  at: string,
  enums: Record<string, EnumConstraint>,
  arrays?: Record<string, ArrayConstraint>,
  seen = new Set<object>(),
): void {
  if (!schema || typeof schema !== "object" || seen.has(schema)) return;
  seen.add(schema);
  if (Array.isArray(schema.enum)) enums[at] = { values: schema.enum, labels: labels(schema) };
  const items = (schema as OpenAPIV3_1.ArraySchemaObject).items as Schema | undefined;
  if (
    arrays &&
    (schema.type === "array" || (Array.isArray(schema.type) && schema.type.includes("array")))
  ) {
    arrays[at.replace(/^requestBody\.?/, "")] = {
      minItems: schema.minItems ?? null,
      maxItems: schema.maxItems ?? null,
      itemProperties: Object.keys(items?.properties ?? {}),
      itemRequired: items?.required ?? [],
    };
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    walk(property as Schema, `${at}.${name}`, enums, arrays, seen);
  }
  walk(items, `${at}[]`, enums, arrays, seen);
  if (typeof schema.additionalProperties === "object") {
    walk(schema.additionalProperties as Schema, `${at}{}`, enums, arrays, seen);
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
    schema[keyword]?.forEach((s, i) =>
      walk(s as Schema, `${at}.${keyword}[${i}]`, enums, arrays, seen),
    );
  }
}

function labels(schema: Schema): Record<string, string> {
  const descriptions = schema["x-enumDescriptions"];
  const out: Record<string, string> = {};
  if (Array.isArray(descriptions)) {
    schema.enum?.forEach((value, i) => {
      if (typeof descriptions[i] === "string") out[String(value)] = descriptions[i] as string;
    });
  } else if (descriptions && typeof descriptions === "object") {
    for (const [value, label] of Object.entries(descriptions)) {
      if (typeof label === "string") out[value] = label;
    }
  }
  return out;
}

/**
 * Makes a schema standalone: refs that dereferencing left in place (cycles) point into
 * `#/components/schemas`, which a validator compiling this schema alone cannot see, so they are
 * moved to `$defs`.
 */
function withDefs(document: OpenAPIV3_1.Document, schema: Schema): Schema {
  const prefix = "#/components/schemas/";
  const defs: Record<string, unknown> = {};
  const pending = collectRefs(schema, prefix);
  while (pending.length > 0) {
    const name = pending.pop()!;
    if (name in defs) continue;
    const target = document.components?.schemas?.[name];
    defs[name] = target ?? {};
    pending.push(...collectRefs(target, prefix));
  }
  if (Object.keys(defs).length === 0) return schema;
  const rewritten = JSON.parse(
    JSON.stringify({ ...schema, $defs: defs }).replaceAll(`"${prefix}`, '"#/$defs/'),
  ) as Schema;
  return rewritten;
}

function collectRefs(value: unknown, prefix: string): string[] {
  const text = JSON.stringify(value ?? null);
  const found: string[] = [];
  const pattern = new RegExp(`"\\$ref":"${prefix.replace(/[/#]/g, "\\$&")}([^"]+)"`, "g");
  for (const match of text.matchAll(pattern)) found.push(decodeURIComponent(match[1]!));
  return found;
}
