// Entry point of `npm run drift`; the logic lives in codegen/drift/run.ts.
import { runDrift } from "../codegen/drift/run.js";

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};
try {
  process.exitCode = await runDrift(process.argv.slice(2), io);
} catch (error) {
  // An internal failure must never look like "no drift".
  console.error("drift: internal error:", error);
  process.exitCode = 2;
}
