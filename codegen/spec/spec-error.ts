/**
 * A spec document (or its pin) that cannot be used, with the file and, where known, the JSON
 * pointer or line. The generator reports it as is; the drift check words it for its sources.
 */
export class SpecError extends Error {
  override name = "SpecError";

  constructor(
    /** What is wrong, without the file and place. */
    readonly reason: string,
    readonly file?: string,
    readonly where?: string,
  ) {
    super([file, where].filter(Boolean).join(" ") + (file || where ? ": " : "") + reason);
  }
}
