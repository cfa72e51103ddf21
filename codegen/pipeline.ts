import { emitClient } from "./emit-client.js";
import { emitConstants } from "./emit-constants.js";
import { emitTypes } from "./emit-types.js";
import { formatAll } from "./format.js";
import { header } from "./header.js";
import { loadSpec } from "./load.js";
import { listOperations, selectOperations } from "./operations.js";
import { validateSpec } from "./validate.js";
import { differingFiles, writeAtomically } from "./write.js";

/** What to generate from, and where to. */
export interface GenerateOptions {
  specPath: string;
  outDir: string;
  /** Compare with what is on disk instead of writing. */
  check?: boolean;
  /** Reuse formatting cached by earlier runs (default true). */
  cache?: boolean;
}

/** What a run produced: the file names, and those that differ from (or, without check, replaced) the disk. */
export interface GenerateResult {
  files: string[];
  changed: string[];
  operations: number;
}

/** Runs load -> validate -> emit types, client and constants -> format -> write (or check). */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const spec = loadSpec(options.specPath);
  const { bundled, dereferenced } = await validateSpec(spec.document, spec.path);
  // Operations come from the dereferenced view: in the bundled one, bodies and responses may be $refs.
  const operations = selectOperations(
    listOperations(dereferenced),
    spec.pin?.operations,
    spec.path,
  );

  const sources = new Map<string, string>([
    ["schema.gen.ts", await emitTypes(bundled)],
    ["client.gen.ts", emitClient(dereferenced, operations)],
    ["constraints.gen.ts", emitConstants(dereferenced, operations)],
  ]);
  const banner = header(spec.path, spec.sha256);
  const formatted = await formatAll([...sources.values()], { cache: options.cache ?? true });
  const files = new Map([...sources.keys()].map((name, i) => [name, banner + formatted[i]!]));

  const changed = options.check
    ? await differingFiles(options.outDir, files)
    : await writeAtomically(options.outDir, files);
  return { files: [...files.keys()], changed, operations: operations.length };
}
