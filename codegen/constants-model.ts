import type { OpenAPIV3_1 } from "openapi-types";
import { jsonMediaType } from "./media.js";
import type { OperationRef } from "./named-operations.js";

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

  const walker = (root: Schema | undefined, withArrays: boolean): Walker => ({
    enums,
    arrays: withArrays ? arrays : undefined,
    resolve: refResolver(document, root),
    seen: new Set(),
  });
  for (const parameter of (operation.parameters ?? []) as OpenAPIV3_1.ParameterObject[]) {
    const schema = parameter.schema as Schema;
    walk(schema, `parameters.${parameter.in}.${parameter.name}`, walker(schema, false));
  }

  const body = operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  const mediaType = jsonMediaType(body?.content);
  let requestBody: OperationConstants["requestBody"] = null;
  if (body && mediaType) {
    const schema = withDefs(document, body.content[mediaType]?.schema ?? {});
    const context = walker(schema, true);
    walk(schema, "requestBody", context);
    // A body that is itself a cycle is a $ref to its own definition.
    const top = context.resolve(schema);
    requestBody = {
      required: body.required === true,
      mediaType,
      schema,
      properties: Object.keys(top.properties ?? {}),
      requiredProperties: top.required ?? [],
    };
  }

  for (const [status, response] of Object.entries(operation.responses ?? {})) {
    const content = (response as OpenAPIV3_1.ResponseObject).content;
    const media = jsonMediaType(content);
    const schema = content?.[media ?? ""]?.schema;
    if (media) walk(schema, `responses.${status}`, walker(schema, false));
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

interface Walker {
  enums: Record<string, EnumConstraint>;
  /** Only the request body's arrays are constraints a caller must respect. */
  arrays: Record<string, ArrayConstraint> | undefined;
  /** Follows a $ref left in place by a cycle; other schemas are returned as they are. */
  resolve: (schema: Schema) => Schema;
  seen: Set<object>;
}

/** Records enums (and array bounds) under readable paths like `requestBody.leads[].x`. */
function walk(node: Schema | undefined, at: string, context: Walker): void {
  if (!node || typeof node !== "object") return;
  const schema = context.resolve(node);
  if (context.seen.has(schema)) return;
  context.seen.add(schema);
  const { enums, arrays } = context;
  if (Array.isArray(schema.enum)) enums[at] = { values: schema.enum, labels: labels(schema) };
  const rawItems = (schema as OpenAPIV3_1.ArraySchemaObject).items as Schema | undefined;
  const items = rawItems && context.resolve(rawItems);
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
    walk(property, `${at}.${name}`, context);
  }
  walk(items, `${at}[]`, context);
  if (typeof schema.additionalProperties === "object") {
    walk(schema.additionalProperties, `${at}{}`, context);
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
    schema[keyword]?.forEach((s, i) => walk(s, `${at}.${keyword}[${i}]`, context));
  }
}

function refResolver(document: OpenAPIV3_1.Document, root: Schema | undefined) {
  const defs = (root as { $defs?: Record<string, Schema> } | undefined)?.$defs ?? {};
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  return (schema: Schema): Schema => {
    const ref = schema.$ref;
    if (!ref) return schema;
    const name = decodeURIComponent(ref.slice(ref.lastIndexOf("/") + 1));
    const target = ref.startsWith("#/$defs/") ? defs[name] : components[name];
    return target ?? schema;
  };
}

function labels(schema: Schema): Record<string, string> {
  const descriptions = schema["x-enumDescriptions"];
  const out: Record<string, string> = {};
  if (Array.isArray(descriptions)) {
    schema.enum?.forEach((value, i) => {
      if (typeof descriptions[i] === "string") out[String(value)] = descriptions[i];
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
