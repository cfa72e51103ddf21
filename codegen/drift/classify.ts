import type { Change, RawChange } from "./changes.js";
import { kindPrefix, schemaRule, type Verdict } from "./classify-schema.js";

/** Gives a raw change its level, kind code and message, following oasdiff's breaking-change rules. */
export function classify(raw: RawChange): Change {
  const [level, kind, message, note] = schemaRule(raw) ?? operationRule(raw);
  const change: Change = { level, kind, operation: raw.op, path: raw.path, message };
  return note ? { ...change, note } : change;
}

function operationRule(raw: RawChange): Verdict {
  const prefix = kindPrefix(raw);
  const s = raw.subject;
  switch (raw.type) {
    case "operation-removed":
      return [
        "breaking",
        "operation-removed",
        "operation no longer exists upstream (neither its operationId nor its method + path)",
      ];
    case "operation-moved":
      return ["breaking", "operation-moved", `operation moved from ${raw.before} to ${raw.after}`];
    case "operation-id-changed":
      return [
        "breaking",
        "operation-id-changed",
        `operationId renamed from ${raw.before} to ${raw.after} (same route; generated names and pin.json use the operationId)`,
      ];
    case "status-added":
    case "status-removed": {
      const success = /^2/.test(raw.status);
      const kind = `response-${success ? "" : "non-"}success-status-${raw.type === "status-added" ? "added" : "removed"}`;
      const level = raw.type === "status-removed" && success ? "breaking" : "non-breaking";
      return [level, kind, `${s} ${raw.type === "status-added" ? "added" : "removed"}`];
    }
    case "media-type-added":
      return [
        "non-breaking",
        `${prefix}-media-type-added`,
        `${s}: media type ${raw.mediaType} added`,
      ];
    case "media-type-removed":
      return [
        "breaking",
        `${prefix}-media-type-removed`,
        `${s}: media type ${raw.mediaType} removed`,
      ];
    case "body-added":
      return raw.required
        ? ["breaking", "request-body-added-required", "a required request body was added"]
        : ["non-breaking", "request-body-added", "an optional request body was added"];
    case "body-removed":
      return ["breaking", "request-body-removed", "the request body was removed"];
    case "body-required-changed":
      return raw.after
        ? ["breaking", "request-body-became-required", "the request body became required"]
        : ["non-breaking", "request-body-became-optional", "the request body became optional"];
    case "parameter-added":
      return raw.required
        ? ["breaking", "new-required-request-parameter", `${s} added (required)`]
        : ["non-breaking", "new-optional-request-parameter", `${s} added (optional)`];
    case "parameter-removed":
      return ["breaking", "request-parameter-removed", `${s} removed`];
    case "parameter-required-changed":
      return raw.after
        ? ["breaking", "request-parameter-became-required", `${s} became required`]
        : ["non-breaking", "request-parameter-became-optional", `${s} became optional`];
    case "header-added":
      return ["non-breaking", "response-header-added", `${s} added`];
    case "header-removed":
      return raw.required
        ? ["breaking", "response-required-header-removed", `${s} removed (was required)`]
        : ["non-breaking", "response-optional-header-removed", `${s} removed (was optional)`];
    case "security-added":
      return [
        "non-breaking",
        "api-security-requirement-added",
        `security alternative ${raw.requirement} added`,
      ];
    case "security-removed":
      return [
        "breaking",
        "api-security-requirement-removed",
        raw.requirement === "(none)"
          ? "the operation now requires authentication"
          : `security alternative ${raw.requirement} removed; clients authenticating that way are refused`,
      ];
    case "security-scheme-changed":
      return ["breaking", "api-security-scheme-changed", `${s} changed how clients authenticate`];
    case "server-added":
      return ["non-breaking", "api-server-added", `server ${raw.url} added`];
    case "server-removed":
      return ["breaking", "api-server-removed", `server ${raw.url} removed`];
    default:
      throw new Error(`no classification rule for ${raw.type} at ${raw.path}`);
  }
}
