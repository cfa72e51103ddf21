import { readFile } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { generate } from "../pipeline.js";
import { sha256Hex } from "../spec/json.js";
import {
  describeOperation,
  findOperation,
  listSpecOperations,
} from "../spec/document-operations.js";
import { formatPin, type Pin } from "../spec/pin.js";
import { SpecError } from "../spec/spec-error.js";
import { writeFileAtomic } from "../spec/atomic-write.js";
import { checkDrift } from "./check.js";
import {
  SOURCE_OPTIONS,
  UsageError,
  parseCli,
  readLimits,
  resolvePinned,
  type Output,
} from "./cli.js";
import { DriftSourceError } from "./errors.js";
import { extractPinned } from "./extract.js";
import { loadOpenApi, readUpstream } from "./load-upstream.js";
import { renderText } from "./report.js";

const OPTIONS = {
  ...SOURCE_OPTIONS,
  out: { type: "string" },
  "no-generate": { type: "boolean" },
  verbose: { type: "boolean" },
} as const;

/** Usage of `npm run spec:update`. */
export const SPEC_UPDATE_USAGE = `Usage: npm run spec:update -- [options]
Re-pins the spec: extracts the pinned operations (and what they reference) from upstream,
writes the spec and pin.json, prints the changelog and regenerates. An upstream document broken
only outside the pinned operations is used (with a notice); one whose pinned operations reach a
broken part is refused, and nothing is written.

  --upstream URL|FILE  upstream document (default: "upstream" in the pin)
  --spec FILE          spec to write (default: the pin's "spec", next to the pin)
  --pin FILE           pin file (default: spec/pin.json)
  --out DIR            folder to regenerate (default: generated)
  --no-generate        do not regenerate
  --verbose            list every change to examples in the changelog (else counted)
  --timeout-ms N       upstream timeout (default 30000)
  --max-bytes N        upstream size cap (default 52428800)
`;

const SOURCE =
  "extracted by npm run spec:update: the pinned operations and the components they reference";

/** Runs spec:update with command-line arguments; resolves to the process exit code (0 or 2). */
export async function runSpecUpdate(
  argv: string[],
  io: Output,
  cwd = process.cwd(),
): Promise<number> {
  try {
    const values = parseCli(argv, OPTIONS);
    if (values.help) {
      io.out(SPEC_UPDATE_USAGE);
      return 0;
    }
    const { pin, pinPath, specPath } = resolvePinned(values, cwd);
    const upstreamSource = values.upstream ?? pin.upstream;
    const upstream = await readUpstream(upstreamSource, readLimits(values), pin.operations);
    if (upstream.notice !== undefined) io.out(`NOTICE: ${upstream.notice}\n`);
    const broken = upstream.invalid[0];
    if (broken) {
      throw new DriftSourceError(
        `upstream's definition of ${describeOperation(broken.label)} is not valid OpenAPI ` +
          `(${broken.reason}, at ${broken.at}); nothing was written`,
      );
    }
    const text = `${JSON.stringify(extractPinned(upstream.raw, pin.operations), null, 2)}\n`;
    const fresh = await loadOpenApi(text, `the spec extracted from ${upstreamSource}`);
    const current = await readFile(specPath, "utf8").catch(() => undefined);
    const shown = relative(cwd, specPath);
    const verbose = values.verbose === true;
    io.out(await changelog(current, fresh.dereferenced, pin, shown, upstreamSource, verbose));

    const changed = current !== text;
    if (changed) await writeFileAtomic(specPath, text);
    // `taken` records when the content was taken, so an unchanged spec keeps its date.
    // The pin keeps a URL that the scheduled drift check can fetch; a local file is only the source.
    const isUrl = /^https?:\/\//.test(upstreamSource);
    const next: Pin = {
      ...pin,
      upstream: isUrl ? upstreamSource : pin.upstream,
      sha256: sha256Hex(text),
      taken: changed ? new Date().toISOString().slice(0, 10) : pin.taken,
      source: changed ? `${SOURCE}${isUrl ? "" : `, from the file ${upstreamSource}`}` : pin.source,
    };
    const pinText = await formatPin(next, pinPath);
    if (pinText !== (await readFile(pinPath, "utf8"))) await writeFileAtomic(pinPath, pinText);
    io.out(changed ? `wrote ${specPath} and ${pinPath}\n` : `${specPath} unchanged\n`);

    if (changed && !values["no-generate"]) {
      const outDir = resolve(cwd, values.out ?? "generated");
      const result = await generate({ specPath, outDir });
      io.out(`regenerated ${result.changed.length} file(s) in ${outDir}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`spec:update: ${error.message}\n\n${SPEC_UPDATE_USAGE}`);
      return 2;
    }
    if (error instanceof DriftSourceError || error instanceof SpecError) {
      io.err(`spec:update: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

// The changelog from the spec on disk to the extracted one; a missing or broken spec has none.
async function changelog(
  current: string | undefined,
  fresh: Record<string, unknown>,
  pin: Pin,
  specPath: string,
  upstream: string,
  verbose: boolean,
): Promise<string> {
  if (current === undefined) return `no spec at ${specPath} yet: nothing to compare\n`;
  const before = await loadOpenApi(current, specPath).catch(() => undefined);
  if (!before) return `${specPath} is not a valid OpenAPI document: nothing to compare\n`;
  // Operations newly added to the pin are not in the old spec; they have no history to diff.
  const operations = listSpecOperations(before.dereferenced);
  const known = pin.operations.filter((op) => findOperation(operations, op));
  const changes = checkDrift(before.dereferenced, fresh, known);
  return renderText({ pinned: specPath, upstream, operations: known, changes }, { verbose });
}
