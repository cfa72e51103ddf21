import { REDACTED, redactText } from "./redact.js";

const NULL_BODY_STATUSES = new Set([204, 205, 304]);
// The body below is already decoded and complete, so these would describe the wire, not the copy.
const WIRE_HEADERS = new Set(["content-encoding", "content-length", "transfer-encoding"]);

/**
 * Reads the whole body (so the attempt's timeout covers it) and returns a detached copy. Error
 * bodies, headers and the reason phrase lose any echo of the API key: they end up in error messages.
 */
export async function bufferResponse(response: Response, secret: string): Promise<Response> {
  const bytes = await response.arrayBuffer();
  const body = NULL_BODY_STATUSES.has(response.status)
    ? null
    : response.ok
      ? bytes
      : redactText(new TextDecoder().decode(bytes), secret);
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
