/** Picks the JSON media type of a `content` map: `application/json` first, then any `+json` or `json` type. */
export function jsonMediaType(content: Record<string, unknown> | undefined): string | undefined {
  if (!content) return undefined;
  const types = Object.keys(content);
  return types.find((t) => t === "application/json") ?? types.find((t) => /json/i.test(t));
}
