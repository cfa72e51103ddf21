import { parseArgs } from "node:util";
import { SpecError } from "../codegen/spec/spec-error.js";

const usage = `Usage: npm run generate -- [--check] [--spec FILE] [--out DIR]

Generates generated/schema.gen.ts, client.gen.ts and constraints.gen.ts from the pinned spec.
  --check       write nothing; exit 1 and list the files that differ from what the spec gives
  --spec FILE   the OpenAPI document (default spec/instantly-api-v2.json; its pin.json, when
                present beside it, names the operations and the sha256 the file must have)
  --out DIR     the output folder (default generated)`;

try {
  const { values } = parseArgs({
    options: {
      check: { type: "boolean", default: false },
      spec: { type: "string", default: "spec/instantly-api-v2.json" },
      out: { type: "string", default: "generated" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  // Loaded after the arguments are read, so --help and usage errors answer at once; the types
  // thread first, so that it loads its modules while the rest of the generator loads.
  (await import("../codegen/emit-types.js")).startTypesEmitter();
  const { generate } = await import("../codegen/pipeline.js");
  const result = await generate({
    specPath: values.spec,
    outDir: values.out,
    check: values.check,
  });
  if (values.check && result.changed.length > 0) {
    console.error(`${values.out} is not what ${values.spec} gives; run npm run generate. Differs:`);
    for (const name of result.changed) console.error(`  ${values.out}/${name}`);
    process.exit(1);
  }
  const verb = values.check ? "up to date" : `${result.changed.length} file(s) written`;
  console.log(`generate: ${result.operations} operation(s), ${verb} in ${values.out}`);
} catch (error) {
  if (
    error instanceof SpecError ||
    (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
  ) {
    console.error(`generate: ${(error as Error).message}`);
    if (!(error instanceof SpecError)) console.error(usage);
    process.exit(error instanceof SpecError ? 1 : 2);
  }
  throw error;
}
