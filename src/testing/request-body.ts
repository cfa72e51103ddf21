import type { ErrorObject } from "ajv/dist/2020.js";
import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { createSpecAjv } from "./spec-ajv.js";
import type { FakeTarget } from "./fake-instantly.js";

/** A body the endpoint accepts, with its one target, or why it does not. */
export type BodyCheck =
  { ok: true; body: BulkAddLeadsBody; target: FakeTarget } | { ok: false; message: string };

/** Compiled once: every request is checked against the spec's own request body schema. */
const validateBody = createSpecAjv().compile<BulkAddLeadsBody>(bulkAddLeadsSpec.requestBody.schema);

/** Enough issues to fix a request without flooding the message for a 1000-lead batch. */
const MAX_LISTED_ISSUES = 5;

/** Checks a parsed request body as the API does: JSON at all, the spec's schema, one target. */
export function checkRequestBody(parsed: { json: unknown } | undefined): BodyCheck {
  if (parsed === undefined) return { ok: false, message: "Request body is not valid JSON" };
  const body = parsed.json;
  if (!validateBody(body)) {
    const issues = (validateBody.errors ?? []).map(describeIssue);
    const more =
      issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : "";
    return { ok: false, message: issues.slice(0, MAX_LISTED_ISSUES).join("; ") + more };
  }
  // The schema cannot say "exactly one of"; the operation's description does.
  const { campaign_id, list_id } = body;
  if (campaign_id !== undefined && list_id !== undefined) {
    return { ok: false, message: "body: give campaign_id or list_id, not both" };
  }
  if (campaign_id !== undefined) return { ok: true, body, target: { campaign_id } };
  if (list_id !== undefined) return { ok: true, body, target: { list_id } };
  return { ok: false, message: "body: campaign_id or list_id is required" };
}

/** Whether a Content-Type header names the spec's media type of the body (parameters aside). */
export function isSpecMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  return mediaType === bulkAddLeadsSpec.requestBody.mediaType;
}

/** Parses JSON text, returning undefined when it is not JSON. */
export function parseJson(text: string): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** One Ajv error as "body.leads[3].custom_variables.plan must be string,number,boolean,null". */
function describeIssue(error: ErrorObject): string {
  const where = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part}`), "body");
  const extra =
    error.keyword === "additionalProperties"
      ? ` '${String(error.params.additionalProperty)}'`
      : error.keyword === "enum"
        ? ` (${(error.params.allowedValues as unknown[]).join(", ")})`
        : "";
  return `${where} ${error.message ?? "is invalid"}${extra}`;
}
