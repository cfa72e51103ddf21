import { InstantlyError } from "./errors.js";

// Hostnames as normalized by the WHATWG URL parser: "127.1" is "127.0.0.1", "[0::1]" is "[::1]".
function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Returns `baseUrl` if the API key may travel to it: https anywhere, http only to loopback. */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    // The value is not echoed: a swapped apiKey/baseUrl would otherwise print the key.
    throw new InstantlyError(
      "createInstantlyClient: baseUrl is not an absolute URL (expected e.g. https://api.instantly.ai)",
    );
  }
  if (url.username || url.password) {
    throw new InstantlyError("createInstantlyClient: baseUrl must not contain credentials");
  }
  if (url.protocol === "https:") return baseUrl;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return baseUrl;
  const why =
    url.protocol === "http:"
      ? "plain http is only allowed to a loopback host (127.0.0.0/8, ::1, localhost), so the API key never travels in clear text"
      : "only https (or http to a loopback host) is supported";
  throw new InstantlyError(
    `createInstantlyClient: baseUrl ${url.protocol}//${url.host} refused: ${why}`,
  );
}
