/** A bad command line, configuration or input that stops the CLI before or during a run (exit 2). */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** Input that cannot be read as rows (bad header, broken CSV quoting), named by file and line. */
export class CliInputError extends CliUsageError {
  override name = "CliInputError";

  constructor(source: string, line: number | undefined, message: string) {
    super(line === undefined ? `${source}: ${message}` : `${source} line ${line}: ${message}`);
  }
}

/**
 * Exit codes: every row accounted for and accepted; some rows rejected or failed; a usage,
 * configuration or input error (or a refusal every batch would get); interrupted by Ctrl-C:
 * 128 + SIGINT, what shells and wrappers (npx, npm run) report when the signal reaches them too.
 */
export const EXIT = { ok: 0, incomplete: 1, usage: 2, interrupted: 130 } as const;
