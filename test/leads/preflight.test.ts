import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyApiError } from "../../src/client/errors.js";
import { importLeads } from "../../src/leads/import-leads.js";
import { recordingClient } from "../targets/support.js";
import { countingSource, emailLeads } from "./support/fake.js";
import { CAMPAIGN_ID, LIST_ID } from "./support/spec-ids.js";

let closeServer: (() => void) | undefined;
afterEach(() => {
  closeServer?.();
  closeServer = undefined;
});

/** A server that answers every request with an HTML 403, as an API edge refusing a client does. */
async function forbiddingServer(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.writeHead(403, { "content-type": "text/html" }).end("<h1>403 Forbidden</h1>");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closeServer = () => {
    server.closeAllConnections();
    server.close();
  };
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe("importLeads with preflight", () => {
  it("fetches the target once, then sends the batches", async () => {
    const { fake, client, requests } = await recordingClient({ lists: [LIST_ID] });
    const report = await importLeads(client, { list_id: LIST_ID }, emailLeads(5), {
      preflight: true,
      batchSize: 2,
    });
    expect(report.totals.leads_uploaded).toBe(5);
    expect(requests).toEqual([
      `GET /api/v2/lead-lists/${LIST_ID}`,
      ...Array(3).fill("POST /api/v2/leads/add"),
    ]);
    expect(fake.state.requests).toBe(3);
  });

  it("is off by default: one request per batch", async () => {
    const { client, requests } = await recordingClient({ campaigns: [CAMPAIGN_ID] });
    await importLeads(client, { campaign_id: CAMPAIGN_ID }, emailLeads(2));
    expect(requests).toEqual(["POST /api/v2/leads/add"]);
  });

  it.each([
    ["401: a wrong key", { campaigns: [CAMPAIGN_ID] }, "wrong-key", 401],
    ["404: an unknown campaign", { campaigns: [LIST_ID] }, undefined, 404],
  ])("%s ends the import with nothing read and no POST", async (_name, options, key, status) => {
    const { fake, client, requests } = await recordingClient(options, key);
    const { source, state } = countingSource(emailLeads(10));
    const error = await importLeads(client, { campaign_id: CAMPAIGN_ID }, source, {
      preflight: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InstantlyApiError);
    expect((error as InstantlyApiError).status).toBe(status);
    expect(state.pulled).toBe(0);
    expect(requests).toEqual([`GET /api/v2/campaigns/${CAMPAIGN_ID}`]);
    expect(fake.state.requests).toBe(0);
  });

  it("403 (an HTML refusal) ends the import with nothing read and no POST", async () => {
    const server = await forbiddingServer();
    const client = createInstantlyClient({ apiKey: "k", baseUrl: server.url, rateLimit: false });
    const { source, state } = countingSource(emailLeads(10));
    const error = await importLeads(client, { list_id: LIST_ID }, source, {
      preflight: true,
    }).catch((e: unknown) => e);
    expect((error as InstantlyApiError).status).toBe(403);
    expect(state.pulled).toBe(0);
    expect(server.requests).toEqual([`GET /api/v2/lead-lists/${LIST_ID}`]);
  });
});
