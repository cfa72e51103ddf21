import { STATUS_CODES } from "node:http";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

/** An HTTP answer, ready to write. */
export interface Reply {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** What handling a request produced, and whether it changed the workspace. */
export interface Outcome {
  reply: Reply;
  applied: boolean;
}

/** The spec's example message of the 429 body. */
const RATE_LIMIT_MESSAGE = "Rate limit exceeded";

const documentedErrors = bulkAddLeadsSpec.enums as Record<string, { values: readonly unknown[] }>;

/** A JSON answer. */
export function jsonReply(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return {
    status,
    contentType: "application/json; charset=utf-8",
    body: JSON.stringify(body),
    headers,
  };
}

/** The API's error body `{ statusCode, error, message }`, named by the spec where it documents the status. */
export function errorReply(
  status: number,
  message: string,
  headers?: Record<string, string>,
): Reply {
  const documented = documentedErrors[`responses.${status}.error`]?.values[0];
  const error = typeof documented === "string" ? documented : (STATUS_CODES[status] ?? "Error");
  return jsonReply(status, { statusCode: status, error, message }, headers);
}

/** The documented 429, with `Retry-After` in whole seconds unless `retryAfterSeconds` is undefined. */
export function rateLimitReply(retryAfterSeconds: number | undefined): Reply {
  const headers =
    retryAfterSeconds === undefined ? undefined : { "Retry-After": String(retryAfterSeconds) };
  return errorReply(429, RATE_LIMIT_MESSAGE, headers);
}

/** An HTML error page, as a proxy in front of the API would send. */
export function htmlReply(status: number): Reply {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return {
    status,
    contentType: "text/html; charset=utf-8",
    body: `<html><head><title>${title}</title></head><body><h1>${title}</h1></body></html>`,
  };
}
