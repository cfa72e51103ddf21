/** A source (upstream URL, file, pin or pinned spec) that could not be read or is not a usable OpenAPI document. */
export class DriftSourceError extends Error {
  override name = "DriftSourceError";
}

/** Plain JSON object, the shape every OpenAPI node is handled as here. */
export type JsonObject = Record<string, unknown>;

/** Narrows a JSON value to an object (arrays and null excluded). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}
