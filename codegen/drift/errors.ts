/** A source (upstream URL, file, pin or pinned spec) that could not be read or is not a usable OpenAPI document. */
export class DriftSourceError extends Error {
  override name = "DriftSourceError";
}
