import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { bulkAddLeadsSpec, listLeadsSpec } from "../../generated/constraints.gen.js";
import { handleAddLeads, type AddLeadsEndpoint } from "./add-leads-endpoint.js";
import { handleCatalogRequest } from "./catalog-endpoints.js";
import { CapacityQueue } from "./capacity.js";
import { FakeCatalog } from "./catalog.js";
import { createBlocklist } from "./email-rules.js";
import { Exchange } from "./exchange.js";
import { WorkspaceState } from "./fake-state.js";
import { faultFor, playFault } from "./faults.js";
import { serveListLeads } from "./list-leads-endpoint.js";
import { RateWindow } from "./rate-window.js";
import { errorReply } from "./replies.js";
import { parseJson } from "./request-body.js";
import type { FakeInstantly, FakeInstantlyOptions } from "./fake-instantly.js";

const DEFAULT_API_KEY = "test-key";
const DEFAULT_REMAINING_IN_PLAN = 100_000;

/**
 * Starts a fake Instantly API on 127.0.0.1 that implements POST /api/v2/leads/add,
 * POST /api/v2/leads/list and the GET operations of campaigns and lead lists, as the spec says.
 */
export async function startFakeInstantly(
  options: FakeInstantlyOptions = {},
): Promise<FakeInstantly> {
  const apiKey = options.apiKey ?? DEFAULT_API_KEY;
  const catalog = new FakeCatalog(options);
  const state = new WorkspaceState(
    options.remainingInPlan ?? DEFAULT_REMAINING_IN_PLAN,
    catalog.known,
  );
  const rateLimit = options.rateLimit ?? {};
  const endpoint: AddLeadsEndpoint = {
    state,
    apiKey,
    paid: options.paid ?? true,
    isBlocked: createBlocklist(options.blocklist ?? []),
    deviations: options.deviations,
    leadRule: options.leadRule,
    rateLimit:
      rateLimit === false
        ? undefined
        : { window: new RateWindow(rateLimit), sendRetryAfter: rateLimit.retryAfter !== false },
  };
  const capacity = options.capacity && new CapacityQueue(options.capacity);
  const server = createServer((request, response) => {
    route(endpoint, catalog, options, capacity, request, response).catch((error: unknown) => {
      // A broken fake must fail the test loudly, not look like an API answer.
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "text/plain" });
      }
      response.end(`fake server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    apiKey,
    state,
    close: () => (closing ??= stop(server)),
  };
}

/** Sends the campaign and list GETs and the leads endpoints their requests; anything else a 404 or 405. */
async function route(
  endpoint: AddLeadsEndpoint,
  catalog: FakeCatalog,
  options: FakeInstantlyOptions,
  capacity: CapacityQueue | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const exchange = new Exchange(request, response);
  const catalogReply = handleCatalogRequest(endpoint, catalog, request);
  if (catalogReply !== undefined) return exchange.send(catalogReply);
  const path = new URL(request.url ?? "/", "http://fake").pathname;
  if (path === listLeadsSpec.path && request.method === listLeadsSpec.method) {
    return serveListLeads(endpoint, options, request, exchange);
  }
  if (path !== bulkAddLeadsSpec.path) {
    return exchange.send(errorReply(404, `Cannot ${request.method} ${path}`));
  }
  if (request.method !== bulkAddLeadsSpec.method) {
    const allow = { Allow: bulkAddLeadsSpec.method };
    return exchange.send(errorReply(405, `Method ${request.method} not allowed on ${path}`, allow));
  }
  const { state } = endpoint;
  state.requests += 1;
  const requestNumber = state.requests;
  const text = await exchange.readBody().catch(() => undefined);
  if (text === undefined) return state.record(requestNumber, "reset", false);
  // A body limit is enforced while the body is read, before the request reaches anything else.
  if (options.maxBodyBytes !== undefined && Buffer.byteLength(text) > options.maxBodyBytes) {
    exchange.send(errorReply(413, "Request body is too large"));
    return state.record(requestNumber, 413, false);
  }
  let queuedMs: number | undefined;
  if (capacity !== undefined) {
    const served = await capacity.serve(exchange);
    queuedMs = served.queuedMs;
    if (!served.stayed) return state.record(requestNumber, "reset", false, queuedMs);
  }
  const parsed = parseJson(text);
  const fault = faultFor(options.faults, { requestNumber, body: parsed ? parsed.json : text });
  if (options.latencyMs !== undefined && !(await exchange.wait(options.latencyMs))) {
    return state.record(requestNumber, "reset", false, queuedMs);
  }
  const handle = () =>
    handleAddLeads(endpoint, {
      requestNumber,
      authorization: request.headers.authorization,
      contentType: request.headers["content-type"],
      parsed,
    });
  const { applied, reply } = fault ? await playFault(fault, handle, exchange) : handle();
  if (reply === undefined || exchange.gone) {
    exchange.reset();
    return state.record(requestNumber, "reset", applied, queuedMs);
  }
  exchange.send(reply);
  state.record(requestNumber, reply.status, applied, queuedMs);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Stops accepting and destroys open sockets, so close() never waits on keep-alive or stalled clients. */
function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
