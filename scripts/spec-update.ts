// Entry point of `npm run spec:update`; the logic lives in codegen/drift/update.ts.
import { runSpecUpdate } from "../codegen/drift/update.js";

const io = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};
try {
  process.exitCode = await runSpecUpdate(process.argv.slice(2), io);
} catch (error) {
  console.error("spec:update: internal error:", error);
  process.exitCode = 2;
}
