import { createHash } from "node:crypto";
import { readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { runDrift } from "../../codegen/drift/run.js";
import { runSpecUpdate } from "../../codegen/drift/update.js";
import { capture, nodes, pinnedSpec, serve, workspace, type Json } from "./fixtures.js";

/** The pinned operation written with $refs, amid operations and components it does not use. */
function upstreamDocument(): Json {
  const doc = pinnedSpec();
  const { op, body, lead } = nodes(doc);
  const unauthorized = op.responses["401"].content["application/json"].schema;
  const customVariables = lead.properties.custom_variables;
  lead.properties.custom_variables = { $ref: "#/components/schemas/CustomVariables" };
  body.properties.leads.items = { $ref: "#/components/schemas/Lead" };
  op.responses["401"] = { $ref: "#/components/responses/Unauthorized" };
  doc.paths["/api/v2/leads/add"].get = {
    operationId: "listLeadImports",
    responses: { "200": { description: "ok" } },
  };
  doc.paths["/api/v2/campaigns"] = {
    get: {
      operationId: "listCampaigns",
      tags: ["Campaign"],
      security: [{ LegacyKey: [] }],
      responses: {
        "200": {
          description: "ok",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Campaign" } } },
        },
      },
    },
  };
  doc.components = {
    schemas: {
      Campaign: { type: "object", properties: { id: { type: "string" } } },
      Lead: lead,
      CustomVariables: customVariables,
      ErrorBody: unauthorized,
      Unused: { type: "string" },
    },
    responses: {
      Unauthorized: {
        description: "unauthorized",
        content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } },
      },
    },
    securitySchemes: {
      ...doc.components.securitySchemes,
      LegacyKey: { type: "apiKey", in: "query", name: "key" },
    },
  };
  return doc;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const today = () => new Date().toISOString().slice(0, 10);

describe("spec:update", () => {
  let served: Json;
  let server: Awaited<ReturnType<typeof serve>>;
  let space: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    server = await serve((_request, response) => response.end(JSON.stringify(served)));
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    served = upstreamDocument();
    space = await workspace();
  });
  afterEach(() => space.remove());

  async function update(extra: string[] = ["--no-generate"]) {
    const { io, output } = capture();
    const argv = [
      "--upstream",
      server.url,
      "--pin",
      space.pinPath,
      "--spec",
      space.specPath,
      ...extra,
    ];
    const exitCode = await runSpecUpdate(argv, output);
    return { exitCode, ...io };
  }
  const files = async () => ({
    spec: await readFile(space.specPath),
    pin: await readFile(space.pinPath),
  });

  it("extracts exactly the pinned operation and the components it references", async () => {
    const result = await update();
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    const text = await readFile(space.specPath, "utf8");
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    const spec = JSON.parse(text);
    expect(Object.keys(spec)).toEqual([
      "openapi",
      "info",
      "servers",
      "security",
      "tags",
      "paths",
      "components",
    ]);
    expect(spec.tags.map((t: Json) => t.name)).toEqual(["Lead"]);
    expect(Object.keys(spec.paths)).toEqual(["/api/v2/leads/add"]);
    expect(Object.keys(spec.paths["/api/v2/leads/add"])).toEqual(["post"]);
    expect(spec.paths["/api/v2/leads/add"].post).toEqual(served.paths["/api/v2/leads/add"].post);
    expect(Object.keys(spec.components)).toEqual(["schemas", "responses", "securitySchemes"]);
    expect(Object.keys(spec.components.schemas)).toEqual(["Lead", "CustomVariables", "ErrorBody"]);
    expect(Object.keys(spec.components.responses)).toEqual(["Unauthorized"]);
    expect(Object.keys(spec.components.securitySchemes)).toEqual(["ApiKeyAuth"]);
  });

  it("records provenance in the pin and the extracted spec has no drift against upstream", async () => {
    await update();
    const { spec, pin } = await files();
    expect(JSON.parse(pin.toString())).toEqual({
      upstream: server.url,
      spec: "spec.json",
      operations: ["bulkAddLeads"],
      sha256: sha256(spec),
      taken: today(),
      source: expect.stringContaining("spec:update"),
    });
    const { io, output } = capture();
    expect(await runDrift(["--pin", space.pinPath, "--upstream", server.url], output)).toBe(0);
    expect(io.stdout).toContain("0 breaking, 0 non-breaking, 0 docs");
  });

  it("prints the changelog from the old spec", async () => {
    nodes(served).body.properties.leads.maxItems = 500;
    const result = await update();
    expect(result.stdout).toContain("[request-property-max-items-decreased]");
    expect(result.stdout).toContain(
      "requestBody.content.application/json.schema.properties.leads.maxItems",
    );
  });

  it("keeps the pinned URL when the upstream is a local file, and names the file as the source", async () => {
    const before = JSON.parse((await files()).pin.toString()) as { upstream: string };
    const file = join(space.dir, "upstream.json");
    await writeFile(file, JSON.stringify(served));
    const { io, output } = capture();
    const argv = ["--upstream", file, "--pin", space.pinPath, "--spec", space.specPath];
    expect(await runSpecUpdate([...argv, "--no-generate"], output)).toBe(0);
    expect(io.stderr).toBe("");
    const pin = JSON.parse((await files()).pin.toString()) as { upstream: string; source: string };
    expect(pin.upstream).toBe(before.upstream);
    expect(pin.source).toContain(file);
  });

  it("changes nothing when run again with the same upstream", async () => {
    await update();
    const first = await files();
    const again = await update();
    expect(again.stdout).toContain("unchanged");
    expect(await files()).toEqual(first);
  });

  it("keeps the taken date when the content did not change", async () => {
    await update();
    const pin = JSON.parse(await readFile(space.pinPath, "utf8"));
    await writeFile(space.pinPath, JSON.stringify({ ...pin, taken: "2001-02-03" }));
    await update();
    expect(JSON.parse(await readFile(space.pinPath, "utf8")).taken).toBe("2001-02-03");
  });

  it("regenerates the client into --out", async () => {
    const out = join(space.dir, "generated");
    const result = await update(["--out", out]);
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      "client.gen.ts",
      "constraints.gen.ts",
      "schema.gen.ts",
    ]);
  });

  it("fails with exit 2 and writes nothing when upstream lacks a pinned operation", async () => {
    nodes(served).op.operationId = "addLeads";
    const before = await files();
    const result = await update();
    expect(result.stderr).toMatch(/upstream has no operation "bulkAddLeads"/);
    expect(result.exitCode).toBe(2);
    expect(await files()).toEqual(before);
  });
});
