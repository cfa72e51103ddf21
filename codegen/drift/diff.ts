import { asObject, type JsonObject } from "../spec/json.js";
import {
  findOperation,
  listSpecOperations,
  type OperationLabel,
  type SpecOperation as OperationEntry,
} from "../spec/document-operations.js";
import type { Direction, DocumentPair, RawChange } from "./changes.js";
import { below, child, compareRest, emit, rootSite as site } from "./context.js";
import type { DiffContext, Site } from "./context.js";
import { compareSecurity, compareServers } from "./diff-inherited.js";
import { compareSchema } from "./diff-schema.js";

const OPERATION_HANDLED = new Set([
  "operationId",
  "parameters",
  "requestBody",
  "responses",
  "security",
  "servers",
]);
const MEDIA_HANDLED = new Set(["schema"]);

/** Compares one pinned operation with its upstream counterpart; returns the raw changes found. */
export function diffOperation(pinned: OperationEntry, docs: DocumentPair): RawChange[] {
  const out: RawChange[] = [];
  const context = (direction: Direction): DiffContext => ({
    op: pinned.label,
    direction,
    out,
    stack: [],
    clean: docs.clean[direction],
  });
  const ctx = context("operation");
  // A broken upstream operation is still found, so it is reported as broken, not as removed.
  const broken = docs.invalid.map((invalid) => ({ label: invalid.label, invalid }));
  const candidates = [...listSpecOperations(docs.upstream), ...broken];
  const { byId, byRoute } = matchUpstream(pinned.label, candidates);
  const { method, path } = pinned.label;
  const target = byId ?? byRoute;
  if (!target) {
    emit(ctx, site(["paths", path, method], "operation", "operation"), {
      type: "operation-removed",
    });
    return out;
  }
  if ("invalid" in target) {
    const { reason, at } = target.invalid;
    emit(ctx, site(at.split("."), "operation", "operation"), { type: "operation-invalid", reason });
    return out;
  }
  const base = ["paths", target.label.path, target.label.method];
  const route = (e: OperationEntry): string => `${e.label.method.toUpperCase()} ${e.label.path}`;
  if (target.label.path !== path || target.label.method !== method) {
    emit(ctx, site(base, "operation", "operation"), {
      type: "operation-moved",
      before: route(pinned),
      after: route(target),
    });
  } else if (target.label.operationId !== pinned.label.operationId) {
    const [before, after] = [pinned.label.operationId, target.label.operationId];
    emit(ctx, site([...base, "operationId"], "operation", "operation"), {
      type: "operation-id-changed",
      before,
      after,
    });
  }
  compareRest(
    pinned.operation,
    target.operation,
    OPERATION_HANDLED,
    site(base, "operation", "operation"),
    ctx,
  );
  compareParameters(pinned, target, base, context("request"));
  compareRequestBody(
    child(pinned.operation, "requestBody"),
    child(target.operation, "requestBody"),
    base,
    context("request"),
  );
  compareResponses(
    child(pinned.operation, "responses"),
    child(target.operation, "responses"),
    base,
    context("response"),
  );
  compareSecurity(pinned, target, base, docs, ctx);
  compareServers(pinned, target, base, docs, ctx);
  return out;
}

interface Located {
  value: JsonObject;
  path: string[];
}

// Path-level parameters apply to every operation of the path unless the operation overrides them.
function parameters(entry: OperationEntry, base: string[]): Map<string, Located> {
  const found = new Map<string, Located>();
  const levels: Array<[unknown, string[]]> = [
    [entry.pathItem["parameters"], base.slice(0, 2)],
    [entry.operation["parameters"], base],
  ];
  for (const [list, at] of levels) {
    if (!Array.isArray(list)) continue;
    list.forEach((item, i) => {
      const value = asObject(item);
      if (!value) return;
      const where = String(value["in"]);
      // Header names are case-insensitive.
      const name = where === "header" ? String(value["name"]).toLowerCase() : String(value["name"]);
      found.set(`${where} ${name}`, { value, path: [...at, "parameters", String(i)] });
    });
  }
  return found;
}

function compareParameters(
  pinned: OperationEntry,
  target: OperationEntry,
  base: string[],
  ctx: DiffContext,
): void {
  const before = parameters(pinned, base);
  const after = parameters(target, base);
  const handled = new Set(["name", "in", "required", "schema"]);
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [a, b] = [before.get(key), after.get(key)];
    const at = site((b ?? a)!.path, `${key.replace(" ", " parameter `")}\``, "parameter");
    if (!a || !b) {
      const required = (a ?? b)!.value["required"] === true;
      emit(ctx, at, { type: a ? "parameter-removed" : "parameter-added", required });
      continue;
    }
    const [ra, rb] = [a.value["required"] === true, b.value["required"] === true];
    if (ra !== rb)
      emit(ctx, below(at, ["required"]), {
        type: "parameter-required-changed",
        before: ra,
        after: rb,
      });
    compareSchema(a.value["schema"] ?? {}, b.value["schema"] ?? {}, below(at, ["schema"]), ctx);
    compareRest(a.value, b.value, handled, at, ctx);
  }
}

function compareRequestBody(a: JsonObject, b: JsonObject, base: string[], ctx: DiffContext): void {
  const at = site([...base, "requestBody"], "request body", "body");
  const [hasA, hasB] = [Object.keys(a).length > 0, Object.keys(b).length > 0];
  if (!hasA && !hasB) return;
  if (!hasA || !hasB) {
    const required = (hasA ? a : b)["required"] === true;
    emit(ctx, at, { type: hasA ? "body-removed" : "body-added", required });
    return;
  }
  const [ra, rb] = [a["required"] === true, b["required"] === true];
  if (ra !== rb)
    emit(ctx, below(at, ["required"]), { type: "body-required-changed", before: ra, after: rb });
  compareContent(child(a, "content"), child(b, "content"), at, ctx);
  compareRest(a, b, new Set(["content", "required"]), at, ctx);
}

function compareContent(a: JsonObject, b: JsonObject, at: Site, ctx: DiffContext): void {
  for (const mediaType of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const where = below(at, ["content", mediaType]);
    const [ma, mb] = [asObject(a[mediaType]), asObject(b[mediaType])];
    if (!ma || !mb) {
      emit(ctx, where, { type: ma ? "media-type-removed" : "media-type-added", mediaType });
      continue;
    }
    compareSchema(ma["schema"] ?? {}, mb["schema"] ?? {}, below(where, ["schema"]), ctx);
    compareRest(ma, mb, MEDIA_HANDLED, where, ctx);
  }
}

function compareResponses(a: JsonObject, b: JsonObject, base: string[], ctx: DiffContext): void {
  for (const status of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const at = site([...base, "responses", status], `response ${status}`, "response");
    const [ra, rb] = [asObject(a[status]), asObject(b[status])];
    if (!ra || !rb) {
      emit(ctx, at, { type: ra ? "status-removed" : "status-added", status });
      continue;
    }
    compareContent(child(ra, "content"), child(rb, "content"), { ...at, noun: "body" }, ctx);
    compareHeaders(child(ra, "headers"), child(rb, "headers"), at, ctx);
    compareRest(ra, rb, new Set(["content", "headers"]), at, ctx);
  }
}

function compareHeaders(a: JsonObject, b: JsonObject, response: Site, ctx: DiffContext): void {
  const lower = (o: JsonObject): Map<string, [string, JsonObject]> =>
    new Map(Object.entries(o).map(([k, v]) => [k.toLowerCase(), [k, asObject(v) ?? {}]]));
  const [before, after] = [lower(a), lower(b)];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const [ha, hb] = [before.get(key), after.get(key)];
    const name = (hb ?? ha)![0];
    const at = {
      ...below(response, ["headers", name]),
      root: `${response.root} header \`${name}\``,
      noun: "header" as const,
    };
    if (!ha || !hb) {
      const required = (ha ?? hb)![1]["required"] === true;
      emit(ctx, at, { type: ha ? "header-removed" : "header-added", required });
      continue;
    }
    const [ra, rb] = [ha[1]["required"] === true, hb[1]["required"] === true];
    if (ra !== rb)
      emit(ctx, below(at, ["required"]), { type: "required-changed", before: ra, after: rb });
    compareSchema(ha[1]["schema"] ?? {}, hb[1]["schema"] ?? {}, below(at, ["schema"]), ctx);
    compareRest(ha[1], hb[1], new Set(["required", "schema"]), at, ctx);
  }
}

// Where a pinned operation is upstream: by operationId and by method + path (either may be missing).
function matchUpstream<T extends { label: OperationLabel }>(
  pinned: OperationLabel,
  upstream: T[],
): { byId: T | undefined; byRoute: T | undefined } {
  const byId = pinned.operationId ? findOperation(upstream, pinned.operationId) : undefined;
  return {
    byId,
    byRoute: findOperation(upstream, `${pinned.method.toUpperCase()} ${pinned.path}`),
  };
}
