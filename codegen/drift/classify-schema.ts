import type { Level, RawChange } from "./changes.js";

/** How one change is judged: its level, kind code, message and an optional note. */
export interface Verdict {
  level: Level;
  kind: string;
  message: string;
  note?: string;
}

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

/** Keywords that hold examples: upstream regenerates them (uuids, dates) at every deploy. */
const EXAMPLE_KEYWORDS = ["example", "examples"];
const EXAMPLE_KINDS = new Set(EXAMPLE_KEYWORDS.map((keyword) => `${kebab(keyword)}-changed`));

/** Whether a change is to an example: counted in reports, listed only when asked for. */
export function isExampleChange(change: { level: Level; kind: string }): boolean {
  return change.level === "docs" && EXAMPLE_KINDS.has(change.kind);
}

/** Judges a change found inside a schema, or undefined when the change is not a schema change. */
export function schemaRule(raw: RawChange): Verdict | undefined {
  const request = raw.direction === "request";
  const prefix = kindPrefix(raw);
  const s = raw.subject;
  switch (raw.type) {
    case "property-added":
      if (request) {
        return raw.required
          ? {
              level: "breaking",
              kind: "new-required-request-property",
              message: `${s} added as a required property`,
            }
          : {
              level: "non-breaking",
              kind: "new-optional-request-property",
              message: `${s} added as an optional property`,
            };
      }
      return {
        level: "non-breaking",
        kind: `response-${raw.required ? "required" : "optional"}-property-added`,
        message: `${s} added (${raw.required ? "required" : "optional"})`,
      };
    case "property-removed":
      if (request) {
        return raw.closed
          ? {
              level: "breaking",
              kind: "request-property-removed",
              message: `${s} removed; the object rejects unknown properties, so requests that still send it fail`,
            }
          : {
              level: "non-breaking",
              kind: "request-property-removed",
              message: `${s} removed; the object accepts unknown properties, so it is now ignored`,
            };
      }
      return raw.required
        ? {
            level: "breaking",
            kind: "response-required-property-removed",
            message: `${s} removed (was required)`,
          }
        : {
            level: "non-breaking",
            kind: "response-optional-property-removed",
            message: `${s} removed (was optional)`,
          };
    case "required-changed": {
      const became = raw.after ? "required" : "optional";
      const breaking = request === raw.after;
      return {
        level: breaking ? "breaking" : "non-breaking",
        kind: `${prefix}-became-${became}`,
        message: `${s} became ${became}`,
      };
    }
    case "type-changed": {
      const safe = request ? covers(raw.after, raw.before) : covers(raw.before, raw.after);
      const kind = `${prefix}-type-${safe ? (request ? "generalized" : "specialized") : "changed"}`;
      return {
        level: safe ? "non-breaking" : "breaking",
        kind: kind,
        message: `${s} type changed from ${types(raw.before)} to ${types(raw.after)}`,
      };
    }
    case "nullable-changed": {
      const became = raw.after ? "nullable" : "not-nullable";
      const breaking = request !== raw.after;
      return {
        level: breaking ? "breaking" : "non-breaking",
        kind: `${prefix}-became-${became}`,
        message: `${s} became ${raw.after ? "nullable (null is now allowed)" : "not nullable (null is no longer allowed)"}`,
      };
    }
    case "enum-value-added":
      return request
        ? {
            level: "non-breaking",
            kind: `${prefix}-enum-value-added`,
            message: `${s} enum value ${show(raw.value)} added`,
          }
        : {
            level: "non-breaking",
            kind: `${prefix}-enum-value-added`,
            message: `${s} enum value ${show(raw.value)} added`,
            note: "clients that switch on this value need a look",
          };
    case "enum-value-removed":
      return {
        level: request ? "breaking" : "non-breaking",
        kind: `${prefix}-enum-value-removed`,
        message: `${s} enum value ${show(raw.value)} removed`,
      };
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
      return {
        level: levelOf(request, effect),
        kind: `${prefix}-${kebab(raw.keyword)}-${verb}`,
        message: `${s} ${raw.keyword} ${verb}: ${show(raw.before)} -> ${show(raw.after)}`,
      };
    }
    case "additional-properties-changed": {
      const looser = OPENNESS_RANK[raw.after] > OPENNESS_RANK[raw.before];
      const kind = `${prefix}-additional-properties-${looser ? "widened" : "narrowed"}`;
      return {
        level: levelOf(request, looser ? "looser" : "tighter"),
        kind: kind,
        message: `${s} additionalProperties changed from ${raw.before} to ${raw.after}`,
      };
    }
    case "branch-added":
    case "branch-removed": {
      const added = raw.type === "branch-added";
      // A new anyOf/oneOf branch accepts more; a new allOf conjunct or tuple slot accepts less.
      const widens = raw.keyword === "anyOf" || raw.keyword === "oneOf";
      const effect: Effect = added === widens ? "looser" : "tighter";
      return {
        level: levelOf(request, effect),
        kind: `${prefix}-${kebab(raw.keyword)}-branch-${added ? "added" : "removed"}`,
        message: `${s} ${raw.keyword} branch #${raw.index} ${added ? "added" : "removed"}`,
      };
    }
    case "keyword-changed":
      return {
        level: "non-breaking",
        kind: `${prefix}-${kebab(raw.keyword)}-changed`,
        message: `${s} ${raw.keyword} changed: ${show(raw.before)} -> ${show(raw.after)}`,
      };
    case "doc-changed": {
      const kind =
        raw.keyword === "x-enumDescriptions"
          ? "enum-descriptions-changed"
          : raw.keyword.startsWith("x-")
            ? "extension-changed"
            : `${kebab(raw.keyword)}-changed`;
      return {
        level: "docs",
        kind: kind,
        message: `${s} ${raw.keyword} changed: ${show(raw.before)} -> ${show(raw.after)}`,
      };
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
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
