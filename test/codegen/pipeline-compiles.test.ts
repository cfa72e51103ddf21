import { execFile } from "node:child_process";
import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../codegen/pipeline.js";
import { fixture, removeTempDirs, tempDir, writeSpec } from "./fixture-files.js";

afterAll(removeTempDirs);

const repo = fileURLToPath(new URL("../../", import.meta.url));

// Uses both generated clients the way src/ does, so the compile checks the aliases fit together;
// the expected errors prove tsc really type-checked against the generated types.
const usage = `import { createFetchClient, type BulkAddLeadsBody } from "./instantly/client.gen.js";
import { bulkAddLeadsSpec } from "./instantly/constraints.gen.js";
import { createFetchClient as createItemsClient } from "./items/client.gen.js";
import { operationSpecs } from "./items/constraints.gen.js";

const body: BulkAddLeadsBody = { leads: [{ email: "a@example.com", lt_interest_status: -1 }] };
export const sent = createFetchClient().POST("/api/v2/leads/add", { body });
export const limit: number = bulkAddLeadsSpec.arrays.leads.maxItems;
export const item = createItemsClient().GET("/items/{id}", { params: { path: { id: "7" } } });
export const trees: "POST" = operationSpecs.postTrees.method;
// @ts-expect-error: leads must be an array
export const wrong: BulkAddLeadsBody = { leads: {} };
// @ts-expect-error: the path parameter is required
export const missing = createItemsClient().GET("/items/{id}", {});
`;

/** Runs the repo's tsc with the strict flags on the given files; resolves to its exit code and output. */
async function tsc(cwd: string, files: string[]): Promise<{ code: number; output: string }> {
  const flags = ["--strict", "--noUncheckedIndexedAccess", "--noEmit", "--skipLibCheck"];
  const module = ["--module", "NodeNext", "--moduleResolution", "NodeNext", "--target", "ES2022"];
  const args = [...flags, ...module, "--pretty", "false", ...files];
  try {
    const { stdout } = await promisify(execFile)(join(repo, "node_modules/.bin/tsc"), args, {
      cwd,
    });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

describe("generated output", () => {
  it("compiles under --strict --noUncheckedIndexedAccess with NodeNext modules", async () => {
    const dir = await tempDir();
    // openapi-fetch and the @types must resolve from the repo, as they do for generated/.
    await symlink(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
    await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    await generate({
      specPath: join(repo, "spec/instantly-api-v2.json"),
      outDir: join(dir, "instantly"),
    });
    const itemsSpec = await writeSpec(await tempDir(), await fixture("items-api.json"));
    await generate({ specPath: itemsSpec, outDir: join(dir, "items") });
    await writeFile(join(dir, "usage.ts"), usage);

    const files = ["instantly", "items"].flatMap((folder) =>
      ["schema.gen.ts", "client.gen.ts", "constraints.gen.ts"].map((f) => join(folder, f)),
    );
    const result = await tsc(dir, [...files, "usage.ts"]);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 90_000);
});
