import { REDACTED, redactText } from "./redact.js";

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
// The body below is already decoded and complete, so these would describe the wire, not the copy.
const WIRE_HEADERS = new Set(["content-encoding", "content-length", "transfer-encoding"]);

/**
 * Reads the whole body (so the attempt's timeout covers it) and returns a detached copy. Error
 * bodies, headers and the reason phrase lose any echo of the API key: they end up in error messages.
 */
export async function bufferResponse(response: Response, secret: string): Promise<Response> {
  // A Blob keeps the bytes as received: the new Response reads from it without a copy, and the
  // body is decoded once, by whoever reads it. Error bodies are decoded here to be redacted.
  const received = response.ok ? await response.blob() : redactText(await response.text(), secret);
  const body = NULL_BODY_STATUSES.has(response.status) ? null : received;
  const headers = new Headers();
  for (const [name, value] of response.headers) {
    if (!WIRE_HEADERS.has(name)) headers.append(name, value.includes(secret) ? REDACTED : value);
  }
  return new Response(body, {
    status: response.status,
    statusText: redactText(response.statusText, secret),
    headers,
  });
}
