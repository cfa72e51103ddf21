import { relative } from "node:path";
import { checkDrift, exitCodeFor } from "./check.js";
import {
  SOURCE_OPTIONS,
  UsageError,
  parseCli,
  readLimits,
  resolvePinned,
  type Output,
} from "./cli.js";
import { DriftSourceError } from "./errors.js";
import { DEFAULT_LIMITS, readSource } from "./fetch-upstream.js";
import { loadUpstream, readOpenApi, watchedPins } from "./load-upstream.js";
import { renderJson, renderMarkdown, renderText, type DriftReport } from "./report.js";

const OPTIONS = {
  ...SOURCE_OPTIONS,
  json: { type: "boolean" },
  markdown: { type: "boolean" },
  strict: { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

/** Usage of `npm run drift`. */
export const DRIFT_USAGE = `Usage: npm run drift -- [options]
Compares the pinned operations of the pinned spec with the upstream OpenAPI document.

  --upstream URL|FILE  upstream document (default: "upstream" in the pin)
  --spec FILE          pinned spec (default: the pin's "spec", next to the pin)
  --pin FILE           pin file (default: spec/pin.json)
  --json | --markdown  output format (default: text)
  --strict             also fail on documentation-only changes
  --verbose            list every change to examples (by default counted per operation;
                       --json always lists them)
  --timeout-ms N       upstream timeout (default 30000)
  --max-bytes N        upstream size cap (default 52428800)

Exit codes: 0 no contract drift, 1 contract drift (or any change with --strict),
2 upstream or pinned files unusable, or bad usage. An upstream document that is broken only
outside the pinned operations still gets a verdict on them, with a notice saying where it is
broken; a pinned operation that itself reaches a broken part is contract drift (exit 1).
`;

/** Runs the drift check with command-line arguments; resolves to the process exit code. */
export async function runDrift(argv: string[], io: Output, cwd = process.cwd()): Promise<number> {
  try {
    const values = parseCli(argv, OPTIONS);
    if (values.help) {
      io.out(DRIFT_USAGE);
      return 0;
    }
    if (values.json && values.markdown)
      throw new UsageError("--json and --markdown exclude each other");
    const limits = readLimits(values);
    const { pin, specPath } = resolvePinned(values, cwd);
    const upstreamSource = values.upstream ?? pin.upstream;
    // The limits are for upstream; the pinned spec is a local file of known size.
    const [pinned, upstreamText] = await Promise.all([
      readOpenApi(specPath, DEFAULT_LIMITS),
      readSource(upstreamSource, limits),
    ]);
    const scope = watchedPins(pinned.dereferenced, pin.operations);
    const upstream = await loadUpstream(upstreamText, upstreamSource, scope);
    const changes = checkDrift(
      pinned.dereferenced,
      upstream.dereferenced,
      pin.operations,
      upstream.invalid,
    );
    const exitCode = exitCodeFor(changes, values.strict === true);
    const report: DriftReport = {
      pinned: relative(cwd, specPath),
      upstream: upstreamSource,
      operations: pin.operations,
      changes,
      notices: upstream.notice === undefined ? [] : [upstream.notice],
      exitCode,
    };
    const options = { verbose: values.verbose === true };
    io.out(
      values.json
        ? renderJson(report)
        : values.markdown
          ? renderMarkdown(report, options)
          : renderText(report, options),
    );
    return exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`drift: ${error.message}\n\n${DRIFT_USAGE}`);
      return 2;
    }
    if (error instanceof DriftSourceError) {
      io.err(`drift: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
