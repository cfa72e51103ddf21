// The error a request ends with when its last attempt got no response.
import type { RequestPolicy } from "./client-types.js";
import { InstantlyConnectionError, InstantlyTimeoutError } from "./errors.js";
import { redactText } from "./redact.js";

export function failureError(
  failure: { kind: "timeout" | "connection"; error: unknown },
  request: { label: string; attempts: number; policy: RequestPolicy },
  client: { timeoutMs: number; apiKey: string },
): InstantlyConnectionError {
  const { label, attempts, policy } = request;
  const why = policy.replaySafe
    ? `after ${attempts} attempt${attempts === 1 ? "" : "s"}`
    : `not retried: the request is not marked safe to replay`;
  if (failure.kind === "timeout") {
    return new InstantlyTimeoutError(
      `Instantly API request ${label} timed out after ${client.timeoutMs} ms (${why})`,
    );
  }
  const cause = redactText(describeCause(failure.error), client.apiKey);
  return new InstantlyConnectionError(`Instantly API request ${label} failed: ${cause} (${why})`);
}

// undici reports "fetch failed" and keeps the useful part ("other side closed", ECONNREFUSED) in causes.
export function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 3;
    current = current.cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    parts.push(
      typeof code === "string" && !current.message.includes(code)
        ? `${current.message} (${code})`
        : current.message,
    );
  }
  return parts.join(": ") || String(error);
}
