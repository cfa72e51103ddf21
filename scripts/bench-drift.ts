// npm run bench:drift [-- FILE]: times the drift check of a complete document against a
// mutated copy of itself, comparing every operation (the worst case: everything pinned); then
// against a copy broken in one operation that is not compared (a dangling $ref), which the check
// judges by validating what the others reach.
import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { checkDrift } from "../codegen/drift/check.js";
import { loadOpenApi, loadUpstream } from "../codegen/drift/load-upstream.js";
import { listSpecOperations, type SpecOperation } from "../codegen/spec/document-operations.js";

const RUNS = 5;
const file = process.argv[2] ?? "spec/instantly-api-v2.json";
const text = await readFile(file, "utf8");
const original = JSON.parse(text) as Record<string, unknown>;
const mutated = structuredClone(original);
mutate(listSpecOperations(mutated));
const mutatedText = JSON.stringify(mutated);
const pins = listSpecOperations(original).map(
  (e) => e.label.operationId || `${e.label.method.toUpperCase()} ${e.label.path}`,
);
// The last operation gets a $ref to nothing and is no longer compared.
const broken = structuredClone(mutated);
const last = listSpecOperations(broken).at(-1)!;
const dangling = { $ref: "#/components/schemas/MissingInBench" };
last.operation["responses"] = {
  "200": { description: "ok", content: { "application/json": { schema: dangling } } },
};
const brokenText = JSON.stringify(broken);
const brokenPins = pins.slice(0, -1);

const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;
const parse: number[] = [];
const load: number[] = [];
const diff: number[] = [];
const brokenLoad: number[] = [];
let changes = 0;
let notice = "";
for (let run = 0; run <= RUNS; run++) {
  const t0 = performance.now();
  JSON.parse(text);
  JSON.parse(mutatedText);
  const t1 = performance.now();
  const [a, b] = await Promise.all([
    loadOpenApi(text, file),
    loadUpstream(mutatedText, "mutated", pins),
  ]);
  const t2 = performance.now();
  changes = checkDrift(a.dereferenced, b.dereferenced, pins).length;
  const t3 = performance.now();
  notice = (await loadUpstream(brokenText, "broken", brokenPins)).notice ?? "none";
  const t4 = performance.now();
  // Run 0 warms up the JIT and module caches; it is not counted.
  if (run === 0) continue;
  parse.push(t1 - t0);
  load.push(t2 - t1);
  diff.push(t3 - t2);
  brokenLoad.push(t4 - t3);
}
const total = median(load) + median(diff);
const ms = (value: number): string => `${value.toFixed(1)} ms`;
console.log(
  `bench:drift ${file}: ${Buffer.byteLength(text)} bytes, ${pins.length} operations, ${changes} changes found`,
);
console.log(
  `check (median of ${RUNS}): ${ms(total)} = load+validate+dereference ${ms(median(load))} + diff+classify ${ms(median(diff))}`,
);
console.log(
  `ratio: ${(total / median(parse)).toFixed(1)}x the time of JSON.parse of both documents`,
);
console.log(
  `upstream broken outside ${brokenPins.length} compared operations: load ${ms(median(brokenLoad))} ` +
    `(${(median(brokenLoad) / (median(load) / 2)).toFixed(2)}x half the load of both above); notice: ${notice.slice(0, 100)}...`,
);

// A few contract and docs changes spread over the first operations.
function mutate(operations: SpecOperation[]): void {
  const pick = (i: number): Record<string, unknown> => operations[i % operations.length]!.operation;
  const summary = pick(0)["summary"];
  pick(0)["summary"] = `${typeof summary === "string" ? summary : ""} (changed)`;
  const responses = pick(1)["responses"] as Record<string, unknown>;
  const status = Object.keys(responses).find((code) => !code.startsWith("2"));
  if (status) delete responses[status];
  const parameters = (pick(2)["parameters"] as unknown[] | undefined) ?? [];
  pick(2)["parameters"] = [
    ...parameters,
    { name: "bench_flag", in: "query", schema: { type: "boolean" } },
  ];
  pick(3)["deprecated"] = true;
}
