// Entry point of `npm run spec:pr` (the scheduled drift workflow); the logic lives in codegen/drift/spec-pr.ts.
import { runSpecPr } from "../codegen/drift/spec-pr.js";

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};
try {
  process.exitCode = await runSpecPr(process.argv.slice(2), io);
} catch (error) {
  console.error("spec:pr: internal error:", error);
  process.exitCode = 2;
}
