import { emitClient } from "./emit-client.js";
import { emitConstants } from "./emit-constants.js";
import { emitTypes } from "./emit-types.js";
import { formatTypes } from "./format.js";
import { FormatPool } from "./format-pool.js";
import { header } from "./header.js";
import { loadSpec, type LoadedSpec } from "./load-pinned-spec.js";
import { listOperations, selectOperations } from "./named-operations.js";
import { hasExternalRefs } from "./spec/document.js";
import { bundledView, validateSpec } from "./validate.js";
import { differingFiles, writeGenerated } from "./write-generated.js";

/** What to generate from, and where to. */
export interface GenerateOptions {
  specPath: string;
  outDir: string;
  /** Compare with what is on disk instead of writing. */
  check?: boolean;
}

/** What a run produced: the file names, and those that differ from (or, without check, replaced) the disk. */
export interface GenerateResult {
  files: string[];
  changed: string[];
  operations: number;
}

/**
 * Runs load -> validate -> emit client and constants, beside emit types (on a worker thread) ->
 * format what prettier would change; then write (or check). The client and constants are printed in
 * prettier's layout directly; the types need formatting only where the printer and prettier differ.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  // Started first, so prettier loads on its own thread while the document is validated and typed.
  // One thread: a second would load prettier again, slowing the types thread on two cores more
  // than it speeds up formatting the pieces that need it.
  const pool = new FormatPool(1);
  try {
    return await run(loadSpec(options.specPath), pool, options);
  } finally {
    await pool.close();
  }
}

async function run(
  spec: LoadedSpec,
  pool: FormatPool,
  options: GenerateOptions,
): Promise<GenerateResult> {
  // The types are emitted on a worker thread from the file itself (or, when it refers to other
  // files, from the bundled document) while this thread validates.
  const external = hasExternalRefs(spec.document);
  const typing = external
    ? bundledView(spec.document, spec.path).then((bundled) => emitTypes(bundled))
    : emitTypes(spec.document as never, spec.path);
  // The client and constants need only the validated document: printed while the types thread works.
  const printing = validateSpec(spec.document, spec.path).then(({ dereferenced }) => {
    // Operations come from the dereferenced view: in the bundled one, bodies and responses may be $refs.
    const operations = selectOperations(
      listOperations(dereferenced),
      spec.pin?.operations,
      spec.path,
    );
    return {
      operations,
      client: emitClient(dereferenced, operations),
      constants: emitConstants(dereferenced, operations),
    };
  });
  // Settled together: an invalid document is reported as such, whatever the type emitter made of it.
  const [printed, emitted] = await Promise.allSettled([
    printing,
    typing.then((types) => formatTypes(types, { format: (sources, o) => pool.format(sources, o) })),
  ]);
  if (printed.status === "rejected") throw printed.reason;
  if (emitted.status === "rejected") throw emitted.reason;
  const { operations, client, constants } = printed.value;
  const banner = header(spec.path, spec.sha256);
  const files = new Map([
    ["schema.gen.ts", banner + emitted.value],
    ["client.gen.ts", banner + client],
    ["constraints.gen.ts", banner + constants],
  ]);
  const changed = options.check
    ? await differingFiles(options.outDir, files)
    : await writeGenerated(options.outDir, files);
  return { files: [...files.keys()], changed, operations: operations.length };
}
