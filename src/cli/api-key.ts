import { readFile } from "node:fs/promises";
import { CliUsageError } from "./errors.js";

/** The only environment variable the key is read from (flags would show in `ps` and shell history). */
export const API_KEY_ENV = "INSTANTLY_API_KEY";

/** The API key from `--api-key-file` when given, else from INSTANTLY_API_KEY; never echoed in errors. */
export async function resolveApiKey(
  env: Readonly<Record<string, string | undefined>>,
  keyFile: string | undefined,
): Promise<string> {
  if (keyFile !== undefined) {
    const text = await readFile(keyFile, "utf8").catch((error: NodeJS.ErrnoException) => {
      throw new CliUsageError(
        `--api-key-file ${keyFile}: cannot read it (${error.code ?? "error"})`,
      );
    });
    const key = text.trim();
    if (key === "") throw new CliUsageError(`--api-key-file ${keyFile} is empty`);
    if (/\s/.test(key)) throw new CliUsageError(`--api-key-file ${keyFile} must hold only the key`);
    return key;
  }
  const key = env[API_KEY_ENV]?.trim();
  if (key === undefined || key === "") {
    throw new CliUsageError(`no API key: set ${API_KEY_ENV} or pass --api-key-file FILE`);
  }
  return key;
}
