/** A generation failure with a message that names the file and, where known, the JSON pointer or operation. */
export class GenerateError extends Error {
  override name = "GenerateError";

  constructor(
    message: string,
    readonly file?: string,
    readonly where?: string,
  ) {
    super([file, where].filter(Boolean).join(" ") + (file || where ? ": " : "") + message);
  }
}
