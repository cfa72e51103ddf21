import { redactText } from "./redact.js";
import { requestBytes } from "./source-request.js";

/** A request as read once before its first attempt; every attempt is built from it. */
export interface PreparedRequest {
  request: Request;
  /** `METHOD /path`, redacted: how logs and errors name the request. */
  label: string;
  path: string;
  init: RequestInit;
}

// The body is read once, into bytes, and each attempt is sent from them (a clone per attempt would
// tee the whole body every time; a Blob would be streamed in small chunks).
export async function prepareRequest(request: Request, apiKey: string): Promise<PreparedRequest> {
  const headers = new Headers(request.headers);
  headers.set("Authorization", `Bearer ${apiKey}`);
  const body = await requestBytes(request);
  const path = redactText(new URL(request.url).pathname, apiKey);
  return {
    request,
    label: `${request.method} ${path}`,
    path,
    init: { method: request.method, headers, body, redirect: request.redirect },
  };
}

/** The label of a request not yet prepared (not redacted: used before the body is read). */
export function requestLabel(request: Request): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}
