import { asObject, type JsonObject } from "./json.js";

/** The HTTP methods a path item may hold, in the order the specification lists them. */
export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Whether a path item's key is an operation (else a path-level key such as `parameters`). */
export function isHttpMethod(key: string): key is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}

/** An operation as reported: its operationId ("" when it has none) and where it lives. */
export interface OperationLabel {
  operationId: string;
  method: string;
  path: string;
}

/** One operation of a document with the path item it belongs to. */
export interface SpecOperation {
  label: OperationLabel;
  operation: JsonObject;
  pathItem: JsonObject;
}

/** Lists every operation of a document, in document order. */
export function listSpecOperations(document: JsonObject): SpecOperation[] {
  const entries: SpecOperation[] = [];
  for (const [path, item] of Object.entries(asObject(document["paths"]) ?? {})) {
    const pathItem = asObject(item);
    if (!pathItem) continue;
    for (const method of HTTP_METHODS) {
      const operation = asObject(pathItem[method]);
      if (!operation) continue;
      const id = operation["operationId"];
      const operationId = typeof id === "string" ? id : "";
      entries.push({ label: { operationId, method, path }, operation, pathItem });
    }
  }
  return entries;
}

/** Finds the operation a pin names: an operationId, or "METHOD /path" (method in capitals). */
export function findOperation<T extends { label: OperationLabel }>(
  operations: T[],
  pin: string,
): T | undefined {
  const match = /^([A-Z]+)\s+(\/\S*)$/.exec(pin.trim());
  if (match) {
    const method = match[1]!.toLowerCase();
    return operations.find((e) => e.label.method === method && e.label.path === match[2]);
  }
  return operations.find((e) => e.label.operationId === pin);
}

/** A readable label such as "bulkAddLeads POST /api/v2/leads/add". */
export function describeOperation(label: OperationLabel): string {
  const route = `${label.method.toUpperCase()} ${label.path}`;
  return label.operationId ? `${label.operationId} ${route}` : route;
}
