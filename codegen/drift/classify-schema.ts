import type { Level, RawChange } from "./changes.js";

/** Level, kind code, message and an optional note for one change. */
export type Verdict = [Level, string, string, string?];

type Effect = "tighter" | "looser" | "different";

const MIN_BOUNDS = new Set([
  "minLength",
  "minItems",
  "minimum",
  "exclusiveMinimum",
  "minProperties",
]);
const MAX_BOUNDS = new Set([
  "maxLength",
  "maxItems",
  "maximum",
  "exclusiveMaximum",
  "maxProperties",
]);
const OPENNESS_RANK = { closed: 0, schema: 1, open: 2 } as const;

/** Judges a change found inside a schema, or undefined when the change is not a schema change. */
export function schemaRule(raw: RawChange): Verdict | undefined {
  const request = raw.direction === "request";
  const prefix = kindPrefix(raw);
  const s = raw.subject;
  switch (raw.type) {
    case "property-added":
      if (request) {
        return raw.required
          ? ["breaking", "new-required-request-property", `${s} added as a required property`]
          : ["non-breaking", "new-optional-request-property", `${s} added as an optional property`];
      }
      return [
        "non-breaking",
        `response-${raw.required ? "required" : "optional"}-property-added`,
        `${s} added (${raw.required ? "required" : "optional"})`,
      ];
    case "property-removed":
      if (request) {
        return raw.closed
          ? [
              "breaking",
              "request-property-removed",
              `${s} removed; the object rejects unknown properties, so requests that still send it fail`,
            ]
          : [
              "non-breaking",
              "request-property-removed",
              `${s} removed; the object accepts unknown properties, so it is now ignored`,
            ];
      }
      return raw.required
        ? ["breaking", "response-required-property-removed", `${s} removed (was required)`]
        : ["non-breaking", "response-optional-property-removed", `${s} removed (was optional)`];
    case "required-changed": {
      const became = raw.after ? "required" : "optional";
      const breaking = request === raw.after;
      return [
        breaking ? "breaking" : "non-breaking",
        `${prefix}-became-${became}`,
        `${s} became ${became}`,
      ];
    }
    case "type-changed": {
      const safe = request ? covers(raw.after, raw.before) : covers(raw.before, raw.after);
      const kind = `${prefix}-type-${safe ? (request ? "generalized" : "specialized") : "changed"}`;
      return [
        safe ? "non-breaking" : "breaking",
        kind,
        `${s} type changed from ${types(raw.before)} to ${types(raw.after)}`,
      ];
    }
    case "nullable-changed": {
      const became = raw.after ? "nullable" : "not-nullable";
      const breaking = request !== raw.after;
      return [
        breaking ? "breaking" : "non-breaking",
        `${prefix}-became-${became}`,
        `${s} became ${raw.after ? "nullable (null is now allowed)" : "not nullable (null is no longer allowed)"}`,
      ];
    }
    case "enum-value-added":
      return request
        ? ["non-breaking", `${prefix}-enum-value-added`, `${s} enum value ${show(raw.value)} added`]
        : [
            "non-breaking",
            `${prefix}-enum-value-added`,
            `${s} enum value ${show(raw.value)} added`,
            "clients that switch on this value need a look",
          ];
    case "enum-value-removed":
      return [
        request ? "breaking" : "non-breaking",
        `${prefix}-enum-value-removed`,
        `${s} enum value ${show(raw.value)} removed`,
      ];
    case "constraint-changed": {
      const effect = tightening(raw.keyword, raw.before, raw.after);
      const verb =
        raw.before === undefined
          ? "added"
          : raw.after === undefined
            ? "removed"
            : typeof raw.before === "number" && typeof raw.after === "number"
              ? raw.after > raw.before
                ? "increased"
                : "decreased"
              : "changed";
      return [
        levelOf(request, effect),
        `${prefix}-${kebab(raw.keyword)}-${verb}`,
        `${s} ${raw.keyword} ${verb}: ${show(raw.before)} -> ${show(raw.after)}`,
      ];
    }
    case "additional-properties-changed": {
      const looser = OPENNESS_RANK[raw.after] > OPENNESS_RANK[raw.before];
      const kind = `${prefix}-additional-properties-${looser ? "widened" : "narrowed"}`;
      return [
        levelOf(request, looser ? "looser" : "tighter"),
        kind,
        `${s} additionalProperties changed from ${raw.before} to ${raw.after}`,
      ];
    }
    case "branch-added":
    case "branch-removed": {
      const added = raw.type === "branch-added";
      // A new anyOf/oneOf branch accepts more; a new allOf conjunct or tuple slot accepts less.
      const widens = raw.keyword === "anyOf" || raw.keyword === "oneOf";
      const effect: Effect = added === widens ? "looser" : "tighter";
      return [
        levelOf(request, effect),
        `${prefix}-${kebab(raw.keyword)}-branch-${added ? "added" : "removed"}`,
        `${s} ${raw.keyword} branch #${raw.index} ${added ? "added" : "removed"}`,
      ];
    }
    case "keyword-changed":
      return [
        "non-breaking",
        `${prefix}-${kebab(raw.keyword)}-changed`,
        `${s} ${raw.keyword} changed: ${show(raw.before)} -> ${show(raw.after)}`,
      ];
    case "doc-changed": {
      const kind =
        raw.keyword === "x-enumDescriptions"
          ? "enum-descriptions-changed"
          : raw.keyword.startsWith("x-")
            ? "extension-changed"
            : `${kebab(raw.keyword)}-changed`;
      return [
        "docs",
        kind,
        `${s} ${raw.keyword} changed: ${show(raw.before)} -> ${show(raw.after)}`,
      ];
    }
    default:
      return undefined;
  }
}

// Requests break when the server accepts less; responses break when the client may receive more.
function levelOf(request: boolean, effect: Effect): Level {
  if (request) return effect === "looser" ? "non-breaking" : "breaking";
  return effect === "tighter" ? "non-breaking" : "breaking";
}

function tightening(keyword: string, before: unknown, after: unknown): Effect {
  if (typeof before === "boolean" || typeof after === "boolean")
    return after === true ? "tighter" : "looser";
  if (before === undefined) return "tighter";
  if (after === undefined) return "looser";
  if (typeof before === "number" && typeof after === "number") {
    if (MIN_BOUNDS.has(keyword)) return after > before ? "tighter" : "looser";
    if (MAX_BOUNDS.has(keyword)) return after < before ? "tighter" : "looser";
  }
  return "different";
}

// Does type set `wide` accept every value of `narrow`? undefined means untyped (anything).
function covers(wide: string[] | undefined, narrow: string[] | undefined): boolean {
  if (!wide) return true;
  if (!narrow) return false;
  return narrow.every((t) => wide.includes(t) || (t === "integer" && wide.includes("number")));
}

/** The kind-code prefix of a change: api, request-body, request-property, response-header... */
export function kindPrefix(raw: RawChange): string {
  if (raw.direction === "operation") return "api";
  if (raw.noun === "response") return "response";
  return `${raw.direction}-${raw.noun}`;
}

function kebab(keyword: string): string {
  return keyword.replace(/^\$/, "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function types(list: string[] | undefined): string {
  return list ? list.join(" | ") : "any";
}

function show(value: unknown): string {
  if (value === undefined) return "(none)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
