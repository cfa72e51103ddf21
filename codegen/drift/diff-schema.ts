import { asObject, type JsonObject } from "../spec/json.js";
import type { Openness } from "./changes.js";
import {
  below,
  child,
  compareRest,
  deepEqual,
  emit,
  type DiffContext,
  type Site,
} from "./context.js";

// Keywords whose values are compared as bounds or exact constraints, not recursed into.
const CONSTRAINT_KEYWORDS = [
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minProperties",
  "maxProperties",
  "multipleOf",
  "uniqueItems",
  "const",
] as const;

// Single sub-schemas; a missing `items` means "any item", the others have no neutral value.
const SINGLE = ["items", "not", "contains", "propertyNames", "if", "then", "else"] as const;
const BRANCHES = ["allOf", "anyOf", "oneOf", "prefixItems"] as const;
const MAPS = ["patternProperties", "dependentSchemas"] as const;

const HANDLED = new Set<string>([
  "type",
  "nullable",
  "enum",
  "properties",
  "required",
  "additionalProperties",
  ...CONSTRAINT_KEYWORDS,
  ...SINGLE,
  ...BRANCHES,
  ...MAPS,
]);

/** Compares two (dereferenced) schemas and records every difference below the site. */
export function compareSchema(a: unknown, b: unknown, site: Site, ctx: DiffContext): void {
  const before = asSchema(a);
  const after = asSchema(b);
  if (!before || !after) {
    if (!deepEqual(a, b))
      emit(ctx, site, { type: "keyword-changed", keyword: "schema", before: a, after: b });
    return;
  }
  // Recursive schemas dereference into cycles: a pair already being compared is reported once.
  if (ctx.stack.some(([x, y]) => x === before && y === after)) return;
  if (ctx.clean.get(before)?.has(after)) return;
  ctx.stack.push([before, after]);
  const mark = ctx.out.length;
  compareTypes(before, after, site, ctx);
  compareEnum(before, after, site, ctx);
  compareRest(before, after, HANDLED, site, ctx);
  for (const keyword of CONSTRAINT_KEYWORDS) {
    if (deepEqual(before[keyword], after[keyword])) continue;
    const fact = {
      type: "constraint-changed",
      keyword,
      before: before[keyword],
      after: after[keyword],
    } as const;
    emit(ctx, below(site, [keyword]), fact);
  }
  compareProperties(before, after, site, ctx);
  compareOpenness(before, after, site, ctx);
  compareSubschemas(before, after, site, ctx);
  ctx.stack.pop();
  if (ctx.out.length === mark) {
    const set = ctx.clean.get(before) ?? new WeakSet<object>();
    ctx.clean.set(before, set.add(after));
  }
}

// OpenAPI 3.1 allows boolean schemas: `true` accepts anything, `false` nothing.
function asSchema(value: unknown): JsonObject | undefined {
  if (value === true) return {};
  if (value === false) return { not: {} };
  return asObject(value);
}

// The non-null types of a schema (undefined when unconstrained) and whether null is allowed.
function typesOf(schema: JsonObject): { types: string[] | undefined; nullable: boolean } {
  const raw = schema["type"];
  const list = typeof raw === "string" ? [raw] : Array.isArray(raw) ? raw.map(String) : undefined;
  // OpenAPI 3.0 spells nullability `nullable: true`; 3.1 spells it as a "null" member of `type`.
  const nullable = schema["nullable"] === true || (list?.includes("null") ?? false);
  const types = list && [...new Set(list.filter((t) => t !== "null"))].sort();
  return { types, nullable };
}

function compareTypes(before: JsonObject, after: JsonObject, site: Site, ctx: DiffContext): void {
  const a = typesOf(before);
  const b = typesOf(after);
  if (!deepEqual(a.types, b.types)) {
    emit(ctx, below(site, ["type"]), { type: "type-changed", before: a.types, after: b.types });
  }
  // With one side untyped the type change already says everything about null.
  if ((a.types === undefined) !== (b.types === undefined) || a.nullable === b.nullable) return;
  const keyword = "nullable" in before || "nullable" in after ? "nullable" : "type";
  emit(ctx, below(site, [keyword]), {
    type: "nullable-changed",
    before: a.nullable,
    after: b.nullable,
  });
}

function compareEnum(before: JsonObject, after: JsonObject, site: Site, ctx: DiffContext): void {
  const a = before["enum"];
  const b = after["enum"];
  if (!Array.isArray(a) || !Array.isArray(b)) {
    if (!deepEqual(a, b))
      emit(ctx, below(site, ["enum"]), {
        type: "constraint-changed",
        keyword: "enum",
        before: a,
        after: b,
      });
    return;
  }
  // Enums are sets: reordering values is not a change.
  const left = new Set(a.map((v) => JSON.stringify(v)));
  const right = new Set(b.map((v) => JSON.stringify(v)));
  for (const value of a) {
    if (!right.has(JSON.stringify(value)))
      emit(ctx, below(site, ["enum"]), { type: "enum-value-removed", value });
  }
  for (const value of b) {
    if (!left.has(JSON.stringify(value)))
      emit(ctx, below(site, ["enum"]), { type: "enum-value-added", value });
  }
}

function compareProperties(
  before: JsonObject,
  after: JsonObject,
  site: Site,
  ctx: DiffContext,
): void {
  const a = child(before, "properties");
  const b = child(after, "properties");
  const requiredA = requiredSet(before);
  const requiredB = requiredSet(after);
  // Removing a property only fails requests when the object rejects unknown properties.
  const closed =
    after["additionalProperties"] === false || after["unevaluatedProperties"] === false;
  const at = (name: string): Site =>
    below(site, ["properties", name], site.pointer ? `${site.pointer}.${name}` : name, "property");
  for (const name of Object.keys(a)) {
    if (!(name in b))
      emit(ctx, at(name), { type: "property-removed", required: requiredA.has(name), closed });
  }
  for (const [name, schema] of Object.entries(b)) {
    if (name in a) compareSchema(a[name], schema, at(name), ctx);
    else emit(ctx, at(name), { type: "property-added", required: requiredB.has(name) });
  }
  for (const name of new Set([...requiredA, ...requiredB])) {
    // An added or removed property already carries whether it is required.
    if (requiredA.has(name) === requiredB.has(name) || name in a !== name in b) continue;
    const where = { ...at(name), path: [...site.path, "required"] };
    emit(ctx, where, {
      type: "required-changed",
      before: requiredA.has(name),
      after: requiredB.has(name),
    });
  }
}

function requiredSet(schema: JsonObject): Set<string> {
  const list = schema["required"];
  return new Set(Array.isArray(list) ? list.map(String) : []);
}

function openness(value: unknown): Openness {
  if (value === false) return "closed";
  return asObject(value) && Object.keys(value as object).length > 0 ? "schema" : "open";
}

function compareOpenness(
  before: JsonObject,
  after: JsonObject,
  site: Site,
  ctx: DiffContext,
): void {
  const a = openness(before["additionalProperties"]);
  const b = openness(after["additionalProperties"]);
  const at = below(site, ["additionalProperties"]);
  if (a !== b) emit(ctx, at, { type: "additional-properties-changed", before: a, after: b });
  else if (a === "schema") {
    const pointer = `${site.pointer}{*}`;
    compareSchema(
      before["additionalProperties"],
      after["additionalProperties"],
      below(site, ["additionalProperties"], pointer),
      ctx,
    );
  }
}

function compareSubschemas(
  before: JsonObject,
  after: JsonObject,
  site: Site,
  ctx: DiffContext,
): void {
  const suffix = (keyword: string): string =>
    site.pointer ? `${site.pointer}.${keyword}` : keyword;
  for (const keyword of SINGLE) {
    const [a, b] = [before[keyword], after[keyword]];
    if (a === undefined && b === undefined) continue;
    const pointer = keyword === "items" ? `${site.pointer}[]` : suffix(keyword);
    if ((a === undefined || b === undefined) && keyword !== "items") {
      emit(ctx, below(site, [keyword]), { type: "keyword-changed", keyword, before: a, after: b });
    } else compareSchema(a ?? {}, b ?? {}, below(site, [keyword], pointer), ctx);
  }
  for (const keyword of BRANCHES) {
    const a = Array.isArray(before[keyword]) ? (before[keyword] as unknown[]) : [];
    const b = Array.isArray(after[keyword]) ? (after[keyword] as unknown[]) : [];
    // Branches are matched by position: OpenAPI gives them no names.
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const at = below(site, [keyword, String(i)], `${suffix(keyword)}[${i}]`);
      if (i >= b.length) emit(ctx, at, { type: "branch-removed", keyword, index: i });
      else if (i >= a.length) emit(ctx, at, { type: "branch-added", keyword, index: i });
      else compareSchema(a[i], b[i], at, ctx);
    }
  }
  for (const keyword of MAPS) {
    const a = child(before, keyword);
    const b = child(after, keyword);
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = below(site, [keyword, key], `${suffix(keyword)}[${JSON.stringify(key)}]`);
      if (key in a && key in b) compareSchema(a[key], b[key], at, ctx);
      else
        emit(ctx, at, {
          type: "keyword-changed",
          keyword,
          before: a[key],
          after: b[key],
        });
    }
  }
}
