import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Change } from "../../codegen/drift/changes.js";
import { runDrift } from "../../codegen/drift/run.js";
import { runSpecPr } from "../../codegen/drift/spec-pr.js";
import { runSpecUpdate } from "../../codegen/drift/update.js";
import { capture, historyCopy, type Json } from "./fixtures.js";
import { repositoryDrift, repositoryReport, ROOT } from "./harness.js";

// An upstream document that is not valid OpenAPI as a whole, as upstream published from
// 2025-09-11 to 09-17: the check still judges the pinned operations, against the repository's
// pinned spec, and names the breakage once.
const SPEC = join(ROOT, "spec/instantly-api-v2.json");
const LIST_LEADS_ITEMS =
  "paths./api/v2/leads/list.post.responses.200.content.application/json.schema.properties.items.items";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "drift-broken-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function upstreamFile(upstream: Json): Promise<string> {
  const file = join(dir, `upstream-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(upstream));
  return file;
}

const check = async (upstream: Json, args: string[] = []) =>
  repositoryDrift(await upstreamFile(upstream), args);
const report = async (upstream: Json) => repositoryReport(await upstreamFile(upstream));

const others = (changes: Change[], operationId: string) =>
  changes.filter((c) => c.operation.operationId !== operationId);

/** The 2025-09-16 copy with listLeads's 200 items pointing at the missing component too. */
function listLeadsBroken(): Json {
  const doc = historyCopy("2025-09-16");
  const ok = doc.paths["/api/v2/leads/list"].post.responses["200"];
  ok.content["application/json"].schema.properties.items.items = {
    $ref: "#/components/schemas/def-38",
  };
  return doc;
}

/** A 2026-06-12 copy with an unpinned operation whose 200 lacks its required description. */
function thingsBroken(): Json {
  const doc = historyCopy("2026-06-12");
  doc.paths["/api/v2/things"] = {
    get: { operationId: "listThings", responses: { "200": { content: {} } } },
  };
  return doc;
}

describe("drift check: upstream broken in part", () => {
  it("a pinned operation reaching the dangling $ref is operation-invalid (exit 1); the others keep their verdicts", async () => {
    const before = await report(historyCopy("2025-09-16"));
    const after = await report(listLeadsBroken());
    expect(after.exitCode).toBe(1);
    expect(after.changes.filter((c) => c.operation.operationId === "listLeads")).toEqual([
      {
        level: "breaking",
        kind: "operation-invalid",
        operation: { operationId: "listLeads", method: "post", path: "/api/v2/leads/list" },
        path: LIST_LEADS_ITEMS,
        message: expect.stringMatching(
          /is not valid OpenAPI, so it cannot be compared .*\$ref "#\/components\/schemas\/def-38" points to nothing \(at paths\.\/api\/v2\/leads\/list\.post/,
        ),
      },
    ]);
    expect(others(after.changes, "listLeads")).toEqual(others(before.changes, "listLeads"));
    expect(after.verdicts["listLeads"]).toBe("breaking");
    expect(after.notices).toEqual([
      expect.stringMatching(/def-38.*reported as operation-invalid; the others were validated/),
    ]);
    const text = await check(listLeadsBroken(), []);
    expect(text.stdout).toContain(
      "Contract problem: upstream's definition of listLeads POST /api/v2/leads/list is not valid OpenAPI",
    );
  });

  it("a part that does not validate outside the pinned operations changes nothing but a notice", async () => {
    const before = await report(historyCopy("2026-06-12"));
    expect(before.notices).toEqual([]);
    const after = await report(thingsBroken());
    expect(after.changes).toEqual(before.changes);
    expect(after.verdicts).toEqual(before.verdicts);
    expect(after.notices).toEqual([
      "upstream is not a valid OpenAPI document outside the pinned operations: " +
        "paths./api/v2/things.get.responses.200 must have required property 'description' (description). " +
        "The pinned operations do not reach it: they were validated and compared on their own.",
    ]);
  });

  it("the same breakage inside a pinned operation makes that operation operation-invalid", async () => {
    const before = await report(historyCopy("2026-06-12"));
    const doc = thingsBroken();
    delete doc.paths["/api/v2/lead-lists/{id}"].get.responses["200"].description;
    const after = await report(doc);
    const invalid = after.changes.filter((c) => c.operation.operationId === "getLeadList");
    expect(invalid.map((c) => [c.level, c.kind, c.path])).toEqual([
      ["breaking", "operation-invalid", "paths./api/v2/lead-lists/{id}.get.responses.200"],
    ]);
    expect(others(after.changes, "getLeadList")).toEqual(others(before.changes, "getLeadList"));
  });

  it("exits 2 when the part every operation shares is broken", async () => {
    const doc = historyCopy("2025-09-16");
    delete doc.info;
    const result = await check(doc);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/is not a valid OpenAPI document: .*info/s);
  });
});

describe("spec:update and spec:pr on upstream broken in part", () => {
  // The repository's spec and pin, without bulkAddLeads (which 2025-09-16 does not have yet).
  async function repository(upstream: Json) {
    await copyFile(SPEC, join(dir, "instantly-api-v2.json"));
    const pin: Json = JSON.parse(await readFile(join(ROOT, "spec/pin.json"), "utf8"));
    pin.operations = pin.operations.filter((o: string) => o !== "bulkAddLeads");
    await writeFile(join(dir, "pin.json"), JSON.stringify(pin));
    await writeFile(join(dir, "upstream.json"), JSON.stringify(upstream));
    const args = ["--pin", join(dir, "pin.json"), "--upstream", join(dir, "upstream.json")];
    return { args, spec: () => readFile(join(dir, "instantly-api-v2.json"), "utf8") };
  }

  it("spec:update extracts the pinned operations from a document broken elsewhere, with the notice", async () => {
    const repo = await repository(historyCopy("2025-09-16"));
    const { io, output } = capture();
    expect(await runSpecUpdate([...repo.args, "--no-generate"], output)).toBe(0);
    expect(io.stderr).toBe("");
    expect(io.stdout).toMatch(
      /^NOTICE: upstream is not a valid OpenAPI document outside the pinned operations: \$ref "#\/components\/schemas\/def-38"/,
    );
    const spec: Json = JSON.parse(await repo.spec());
    expect(Object.keys(spec.paths).sort()).toEqual([
      "/api/v2/campaigns",
      "/api/v2/campaigns/{id}",
      "/api/v2/lead-lists",
      "/api/v2/lead-lists/{id}",
      "/api/v2/leads/list",
    ]);
    const after = capture();
    expect(await runDrift([...repo.args, "--json"], after.output)).toBe(0);
    expect(JSON.parse(after.io.stdout).summary).toEqual({
      breaking: 0,
      "non-breaking": 0,
      docs: 0,
    });
  });

  it("spec:update refuses a pinned operation that reaches the broken part, writing nothing", async () => {
    const repo = await repository(listLeadsBroken());
    const before = await repo.spec();
    const { io, output } = capture();
    expect(await runSpecUpdate([...repo.args, "--no-generate"], output)).toBe(2);
    expect(io.stderr).toMatch(
      /upstream's definition of listLeads POST \/api\/v2\/leads\/list is not valid OpenAPI \(\$ref "#\/components\/schemas\/def-38" points to nothing.*nothing was written/,
    );
    expect(await repo.spec()).toBe(before);
  });

  it("spec:pr opens no pull request for a broken pinned operation, and exits 1", async () => {
    const repo = await repository(listLeadsBroken());
    const before = await repo.spec();
    const outputs = join(dir, "outputs");
    const { io, output } = capture();
    const code = await runSpecPr(
      [...repo.args, "--github-output", outputs, "--no-test"],
      output,
      dir,
      {},
    );
    expect(code).toBe(1);
    expect(await readFile(outputs, "utf8")).toBe("pull-request=false\n");
    expect(io.stdout).toContain("**Contract problem: upstream's definition of listLeads");
    expect(io.stdout).toContain("> **Notice:** upstream is not a valid OpenAPI document:");
    expect(io.stdout).toContain(
      "No pull request: upstream's definition of a pinned operation is broken.",
    );
    expect(await repo.spec()).toBe(before);
  });
});
