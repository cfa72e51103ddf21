import { asObject, type JsonObject } from "./errors.js";
import type { OperationLabel } from "./changes.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** One operation of a document with the path item it belongs to. */
export interface OperationEntry {
  label: OperationLabel;
  operation: JsonObject;
  pathItem: JsonObject;
}

/** Lists every operation of a document, in document order. */
export function listOperations(document: JsonObject): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(asObject(document["paths"]) ?? {})) {
    const pathItem = asObject(item);
    if (!pathItem) continue;
    for (const method of METHODS) {
      const operation = asObject(pathItem[method]);
      if (!operation) continue;
      const id = operation["operationId"];
      const operationId = typeof id === "string" ? id : "";
      entries.push({ label: { operationId, method, path }, operation, pathItem });
    }
  }
  return entries;
}

/** Finds the operation a pin names: an operationId, or "METHOD /path". */
export function findOperation(document: JsonObject, pin: string): OperationEntry | undefined {
  const match = /^([a-z]+)\s+(\/\S*)$/i.exec(pin.trim());
  const operations = listOperations(document);
  if (match) {
    const method = match[1]!.toLowerCase();
    return operations.find((e) => e.label.method === method && e.label.path === match[2]);
  }
  return operations.find((e) => e.label.operationId === pin);
}

/** Where a pinned operation is upstream: by operationId and by method + path (either may be missing). */
export function matchUpstream(
  pinned: OperationLabel,
  upstream: JsonObject,
): { byId: OperationEntry | undefined; byRoute: OperationEntry | undefined } {
  const byId = pinned.operationId ? findOperation(upstream, pinned.operationId) : undefined;
  return { byId, byRoute: findOperation(upstream, `${pinned.method} ${pinned.path}`) };
}

/** A readable label such as "bulkAddLeads POST /api/v2/leads/add". */
export function describeOperation(label: OperationLabel): string {
  const route = `${label.method.toUpperCase()} ${label.path}`;
  return label.operationId ? `${label.operationId} ${route}` : route;
}
