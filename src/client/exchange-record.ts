// Which response headers an `onExchange` record keeps: those that say how the API (or a proxy in
// front of it) decided, so that a trace shows what the real API does with rate limits.
const KEPT_HEADER =
  /^(?:x-)?ratelimit-|^retry-after(?:-ms)?$|request-?id$|^(?:content-type|server|cf-ray)$/;

/** The headers of `headers` worth recording, by lower-case name. */
export function exchangeHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of headers) if (KEPT_HEADER.test(name)) kept[name] = value;
  return kept;
}
