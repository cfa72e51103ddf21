import type { Change, RawChange } from "./changes.js";
import { kindPrefix, schemaRule, type Verdict } from "./classify-schema.js";

/** The kind of a change saying that upstream's definition of a pinned operation is broken. */
export const INVALID_OPERATION = "operation-invalid";

/** Gives a raw change its level, kind code and message, following oasdiff's breaking-change rules. */
export function classify(raw: RawChange): Change {
  const { level, kind, message, note } = schemaRule(raw) ?? operationRule(raw);
  const change: Change = { level, kind, operation: raw.op, path: raw.path, message };
  return note ? { ...change, note } : change;
}

function operationRule(raw: RawChange): Verdict {
  const prefix = kindPrefix(raw);
  const s = raw.subject;
  switch (raw.type) {
    case "operation-removed":
      return {
        level: "breaking",
        kind: "operation-removed",
        message:
          "operation no longer exists upstream (neither its operationId nor its method + path)",
      };
    case "operation-invalid":
      return {
        level: "breaking",
        kind: INVALID_OPERATION,
        message: `upstream's definition of the operation is not valid OpenAPI, so it cannot be compared (nor taken by spec:update): ${raw.reason}`,
      };
    case "operation-moved":
      return {
        level: "breaking",
        kind: "operation-moved",
        message: `operation moved from ${raw.before} to ${raw.after}`,
      };
    case "operation-id-changed":
      return {
        level: "breaking",
        kind: "operation-id-changed",
        message: `operationId renamed from ${raw.before} to ${raw.after} (same route; generated names and pin.json use the operationId)`,
      };
    case "status-added":
    case "status-removed": {
      const success = /^2/.test(raw.status);
      const kind = `response-${success ? "" : "non-"}success-status-${raw.type === "status-added" ? "added" : "removed"}`;
      const level = raw.type === "status-removed" && success ? "breaking" : "non-breaking";
      return {
        level: level,
        kind: kind,
        message: `${s} ${raw.type === "status-added" ? "added" : "removed"}`,
      };
    }
    case "media-type-added":
      return {
        level: "non-breaking",
        kind: `${prefix}-media-type-added`,
        message: `${s}: media type ${raw.mediaType} added`,
      };
    case "media-type-removed":
      return {
        level: "breaking",
        kind: `${prefix}-media-type-removed`,
        message: `${s}: media type ${raw.mediaType} removed`,
      };
    case "body-added":
      return raw.required
        ? {
            level: "breaking",
            kind: "request-body-added-required",
            message: "a required request body was added",
          }
        : {
            level: "non-breaking",
            kind: "request-body-added",
            message: "an optional request body was added",
          };
    case "body-removed":
      return {
        level: "breaking",
        kind: "request-body-removed",
        message: "the request body was removed",
      };
    case "body-required-changed":
      return raw.after
        ? {
            level: "breaking",
            kind: "request-body-became-required",
            message: "the request body became required",
          }
        : {
            level: "non-breaking",
            kind: "request-body-became-optional",
            message: "the request body became optional",
          };
    case "parameter-added":
      return raw.required
        ? {
            level: "breaking",
            kind: "new-required-request-parameter",
            message: `${s} added (required)`,
          }
        : {
            level: "non-breaking",
            kind: "new-optional-request-parameter",
            message: `${s} added (optional)`,
          };
    case "parameter-removed":
      return { level: "breaking", kind: "request-parameter-removed", message: `${s} removed` };
    case "parameter-required-changed":
      return raw.after
        ? {
            level: "breaking",
            kind: "request-parameter-became-required",
            message: `${s} became required`,
          }
        : {
            level: "non-breaking",
            kind: "request-parameter-became-optional",
            message: `${s} became optional`,
          };
    case "header-added":
      return { level: "non-breaking", kind: "response-header-added", message: `${s} added` };
    case "header-removed":
      return raw.required
        ? {
            level: "breaking",
            kind: "response-required-header-removed",
            message: `${s} removed (was required)`,
          }
        : {
            level: "non-breaking",
            kind: "response-optional-header-removed",
            message: `${s} removed (was optional)`,
          };
    case "security-added":
      return {
        level: "non-breaking",
        kind: "api-security-requirement-added",
        message: `security alternative ${raw.requirement} added`,
      };
    case "security-removed":
      return {
        level: "breaking",
        kind: "api-security-requirement-removed",
        message:
          raw.requirement === "(none)"
            ? "the operation now requires authentication"
            : `security alternative ${raw.requirement} removed; clients authenticating that way are refused`,
      };
    case "security-scheme-changed":
      return {
        level: "breaking",
        kind: "api-security-scheme-changed",
        message: `${s} changed how clients authenticate`,
      };
    case "server-added":
      return {
        level: "non-breaking",
        kind: "api-server-added",
        message: `server ${raw.url} added`,
      };
    case "server-removed":
      return {
        level: "breaking",
        kind: "api-server-removed",
        message: `server ${raw.url} removed`,
      };
    default:
      throw new Error(`no classification rule for ${raw.type} at ${raw.path}`);
  }
}
