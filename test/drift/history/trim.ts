// Regenerates the fixtures of this folder from the mirror's dated copies of the upstream document:
//   npx tsx test/drift/history/trim.ts PATH/instantly-api-v2.2025-09-16.json ...
// Each copy keeps the operations the drift check watches (the pinned operations, by operationId
// and by route) and every operation holding a $ref that points to nothing, with all they reach;
// the rest is dropped. It then checks that the trimmed copy gives the same report as the whole one
// (changes, notices, invalid operations), and writes it gzipped beside this file.
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import { checkDrift } from "../../../codegen/drift/check.js";
import { extractOperations } from "../../../codegen/drift/extract.js";
import { loadOpenApi, loadUpstream, watchedPins } from "../../../codegen/drift/load-upstream.js";
import { findOperation, listSpecOperations } from "../../../codegen/spec/document-operations.js";
import { readPin } from "../../../codegen/spec/pin.js";

const root = new URL("../../../", import.meta.url);
const pin = readPin(new URL("spec/pin.json", root).pathname);
const pinned = await loadOpenApi(
  await readFile(new URL(`spec/${pin.spec}`, root), "utf8"),
  pin.spec,
);
const scope = watchedPins(pinned.dereferenced, pin.operations);

for (const file of process.argv.slice(2)) {
  const text = await readFile(file, "utf8");
  const bom = text.startsWith("\uFEFF") ? "\uFEFF" : "";
  const raw = JSON.parse(text.slice(bom.length)) as Record<string, unknown>;
  const kept = listSpecOperations(raw).filter(
    (e) =>
      scope.some((p) => findOperation([e], p)) || extractOperations(raw, [e]).dangling.length > 0,
  );
  const trimmed = `${bom}${JSON.stringify(extractOperations(raw, kept).document)}`;
  const [whole, part] = [await report(text, file), await report(trimmed, file)];
  if (whole !== part) throw new Error(`${file}: the trimmed copy gives another report`);
  const out = new URL(`${basename(file)}.gz`, import.meta.url);
  await writeFile(out, gzipSync(trimmed, { level: 9 }));
  console.log(`${basename(file)}: ${kept.length} operations kept, ${trimmed.length} bytes`);
}

async function report(text: string, source: string): Promise<string> {
  const upstream = await loadUpstream(text.replace(/^\uFEFF/, ""), source, scope);
  const changes = checkDrift(
    pinned.dereferenced,
    upstream.dereferenced,
    pin.operations,
    upstream.invalid,
  );
  return JSON.stringify({ changes, invalid: upstream.invalid, notice: upstream.notice });
}
