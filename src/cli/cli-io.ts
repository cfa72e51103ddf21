import { redactKey } from "../client/redact.js";

/** The process streams and environment the CLI runs with (injectable for in-process runs). */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** Line printers for stdout and stderr that scrub the API key from everything they print. */
export interface Printer {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A printer over the io's streams that redacts `apiKey`. */
export function createPrinter(io: CliIo, apiKey: string | undefined): Printer {
  const line = (text: string) => `${redactKey(text, apiKey).replace(/\n?$/, "\n")}`;
  return {
    out: (text) => io.stdout.write(line(text)),
    err: (text) => io.stderr.write(line(text)),
  };
}
