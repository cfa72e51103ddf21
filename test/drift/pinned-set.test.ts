import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Change } from "../../codegen/drift/changes.js";
import { runDrift } from "../../codegen/drift/run.js";
import { capture, serve, workspace, type Json } from "./fixtures.js";

// The whole pinned spec and the real pin's operations: the check must watch each of them.
const ROOT = new URL("../../spec/", import.meta.url);
const SPEC_TEXT = readFileSync(new URL("instantly-api-v2.json", ROOT), "utf8");
const PINNED = JSON.parse(readFileSync(new URL("pin.json", ROOT), "utf8")).operations as string[];
const spec = (): Json => JSON.parse(SPEC_TEXT);

/** The path and method of an operation of the spec. */
function locate(doc: Json, operationId: string): { path: string; method: string } {
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (op?.operationId === operationId) return { path, method };
    }
  }
  throw new Error(`${operationId} is not in the spec`);
}

describe("drift over every pinned operation", () => {
  let served = "";
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(served);
    });
  });
  afterAll(() => server.close());

  async function check(upstream: Json): Promise<{ exitCode: number; changes: Change[] }> {
    const space = await workspace(spec(), PINNED);
    try {
      served = JSON.stringify(upstream);
      const { io, output } = capture();
      const args = ["--upstream", server.url, "--spec", space.specPath, "--pin", space.pinPath];
      const exitCode = await runDrift([...args, "--json"], output);
      expect(io.stderr).toBe("");
      return { exitCode, changes: (JSON.parse(io.stdout) as { changes: Change[] }).changes };
    } finally {
      await space.remove();
    }
  }

  it("pins the operations the import needs", () => {
    expect(PINNED).toEqual(
      expect.arrayContaining([
        "bulkAddLeads",
        "getCampaign",
        "listCampaign",
        "getLeadList",
        "listLeadList",
      ]),
    );
  });

  it("finds no drift against the pinned spec itself", async () => {
    expect(await check(spec())).toEqual({ exitCode: 0, changes: [] });
  });

  it.each(PINNED)("reports %s removed upstream as breaking (exit 1)", async (operationId) => {
    const upstream = spec();
    const { path, method } = locate(upstream, operationId);
    delete upstream.paths[path][method];
    const { exitCode, changes } = await check(upstream);
    expect(exitCode).toBe(1);
    expect(changes.map((c) => [c.level, c.operation.operationId])).toEqual([
      ["breaking", operationId],
    ]);
  });

  it("reports a change in getCampaign's response, and in listCampaign's that shares the schema", async () => {
    const upstream = spec();
    // Campaign.status no longer required: a client reading it may get undefined.
    const campaign = upstream.components.schemas.Campaign;
    campaign.required = campaign.required.filter((name: string) => name !== "status");
    const { exitCode, changes } = await check(upstream);
    expect(exitCode).toBe(1);
    expect(changes.map((c) => [c.level, c.operation.operationId]).sort()).toEqual([
      ["breaking", "getCampaign"],
      ["breaking", "listCampaign"],
    ]);
    expect(changes.map((c) => c.kind)).toEqual([
      "response-property-became-optional",
      "response-property-became-optional",
    ]);
    expect(changes.every((c) => c.message.includes("status"))).toBe(true);
  });

  it("reports a new campaign status as a non-breaking change to look at", async () => {
    const upstream = spec();
    upstream.components.schemas.Campaign.properties.status.enum.push(5);
    const { exitCode, changes } = await check(upstream);
    expect(exitCode).toBe(1);
    const get = changes.filter((c) => c.operation.operationId === "getCampaign");
    expect(get.map((c) => [c.level, c.kind])).toEqual([
      ["non-breaking", "response-property-enum-value-added"],
    ]);
  });

  it("reports a removed query parameter of listLeadList", async () => {
    const upstream = spec();
    const { path } = locate(upstream, "listLeadList");
    const op = upstream.paths[path].get;
    op.parameters = op.parameters.filter((p: Json) => p.name !== "search");
    const { exitCode, changes } = await check(upstream);
    expect(exitCode).toBe(1);
    expect(changes.map((c) => [c.operation.operationId, c.kind])).toEqual([
      ["listLeadList", expect.stringContaining("parameter")],
    ]);
  });
});
