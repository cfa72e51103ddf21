import { createHash } from "node:crypto";
import type { OpenAPIV3_1 } from "openapi-types";
import type { JsonObject } from "./spec/json.js";
import {
  findOperation,
  listSpecOperations,
  type OperationLabel,
  type HttpMethod,
} from "./spec/document-operations.js";
import { SpecError } from "./spec/spec-error.js";

/** One operation of the document, with the name the emitted code uses for it. */
export interface OperationRef {
  operationId: string | undefined;
  method: HttpMethod;
  path: string;
  /** PascalCase, unique within the document, stable when other operations come and go. */
  name: string;
  operation: OpenAPIV3_1.OperationObject;
  label: OperationLabel;
}

/** Lists the document's operations in path order and gives each a unique, readable name. */
export function listOperations(document: OpenAPIV3_1.Document): OperationRef[] {
  const found = listSpecOperations(document as unknown as JsonObject).map(
    ({ label, operation }) => ({
      operationId: label.operationId || undefined,
      method: label.method as HttpMethod,
      path: label.path,
      operation: operation,
      label,
    }),
  );
  const preferred = found.map((op) => (op.operationId ? pascalCase(op.operationId) : ""));
  // A missing or clashing operationId falls back to method + path, which does not depend on the
  // order of the other operations.
  const fallback = found.map((op, i) => {
    const name = preferred[i]!;
    return name !== "" && count(preferred, name) === 1
      ? name
      : pascalCase(`${op.method} ${op.path}`);
  });
  // Method + path can still clash (`/a-b` and `/a_b`, or another operation's id); a short hash of
  // the operation's own method and path keeps those apart, stably.
  return found.map((op, i) => {
    const name = fallback[i]!;
    const unique = count(fallback, name) === 1;
    return { ...op, name: unique ? name : `${name}${shortHash(`${op.method} ${op.path}`)}` };
  });
}

function count(names: string[], name: string): number {
  return names.reduce((n, other) => (other === name ? n + 1 : n), 0);
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 6);
}

/** Picks the pinned operations (by operationId, or `METHOD /path`); all of them when no pin is given. */
export function selectOperations(
  all: OperationRef[],
  pinned: string[] | undefined,
  file: string,
): OperationRef[] {
  if (!pinned) return all;
  const missing: string[] = [];
  const selected = pinned.flatMap((key) => {
    const match = findOperation(all, key);
    if (!match) missing.push(key);
    return match ? [match] : [];
  });
  if (missing.length > 0) {
    throw new SpecError(
      `pinned operation${missing.length > 1 ? "s" : ""} not in the document: ${missing.join(", ")}`,
      file,
      "#/paths",
    );
  }
  return selected;
}

/** `bulk_add-leads`, `post /api/v2/leads/{id}` -> `BulkAddLeads`, `PostApiV2LeadsId`. */
export function pascalCase(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const joined = words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
  return /^[0-9]/.test(joined) ? `Op${joined}` : joined;
}
