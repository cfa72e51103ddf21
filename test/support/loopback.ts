import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { addLeadsAnswer } from "./add-leads-answer.js";

/** One request as the server saw it. */
export interface RecordedRequest {
  /** performance.now() when the request arrived. */
  at: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Set when the client closed the connection before the server answered. */
  abortedByClient: boolean;
}

/** Answers one request; `number` is 1-based. */
export type Handler = (
  request: IncomingMessage,
  response: ServerResponse,
  number: number,
  recorded: RecordedRequest,
) => void;

/** A node:http server on 127.0.0.1 with a random port that records every request. */
export interface LoopbackServer {
  url: string;
  requests: RecordedRequest[];
  /** The most requests that were open at the same time. */
  readonly maxOpen: number;
  close(): Promise<void>;
}

/** Starts a recording loopback server; close it in afterEach. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  let open = 0;
  let maxOpen = 0;
  const server = createServer((request, response) => {
    open++;
    maxOpen = Math.max(maxOpen, open);
    response.once("close", () => open--);
    const chunks: Buffer[] = [];
    const at = performance.now();
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const recorded: RecordedRequest = {
        at,
        method: request.method ?? "",
        path: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        abortedByClient: false,
      };
      requests.push(recorded);
      response.on("close", () => {
        if (!response.writableFinished) recorded.abortedByClient = true;
      });
      handler(request, response, requests.length, recorded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxOpen() {
      return maxOpen;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Sends a JSON body with the given status and headers. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** One request with its parsed JSON body, for tests of bulkAddLeads batches. */
export interface Received {
  number: number;
  body: { leads: Array<Record<string, unknown>> } & Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** Answers a request; `number` is 1-based. */
export type Answer = (received: Received, response: ServerResponse) => void;

/** A loopback server that hands each request's parsed JSON body to `answer`. */
export interface Loopback {
  url: string;
  received: Received[];
  /** The most requests that were open at the same time. */
  readonly maxOpen: number;
  close(): Promise<void>;
}

/** Starts a loopback server for JSON requests; close it in afterEach. */
export async function startLoopback(answer: Answer): Promise<Loopback> {
  const received: Received[] = [];
  const server = await startLoopbackServer((_request, response, number, recorded) => {
    const request: Received = {
      number,
      body: JSON.parse(recorded.body) as Received["body"],
      headers: recorded.headers,
    };
    received.push(request);
    answer(request, response);
  });
  return {
    url: server.url,
    received,
    get maxOpen() {
      return server.maxOpen;
    },
    close: () => server.close(),
  };
}

/** The documented error body for a status. */
export function errorBody(status: number, error: string, message = "test"): object {
  return { statusCode: status, error, message };
}

/** A 200 body that creates every lead of the request. */
export function createdAll(received: Received): object {
  const count = received.body.leads.length;
  return addLeadsAnswer(count, count, {
    remaining_in_plan: 1000,
    created_leads: received.body.leads.map((lead, index) => ({
      index,
      id: `00000000-0000-4000-8000-${String(received.number * 10_000 + index).padStart(12, "0")}`,
      // Echoed as sent, whatever its type: the client under test reads it tolerantly.
      email: (lead.email ?? null) as string | null,
    })),
  });
}

/** A valid bulkAddLeads body for the tests. */
export const LEADS_BODY = {
  campaign_id: "019e0e3e-b690-71a9-b399-fbf49894dded",
  leads: [{ email: "ada@example.com", first_name: "Ada" }],
};

/** A 200 body of bulkAddLeads. */
export const OK_BODY = {
  status: "success",
  total_sent: 1,
  leads_uploaded: 1,
  in_blocklist: 0,
  duplicated_leads: 0,
  skipped_count: 0,
  invalid_email_count: 0,
  incomplete_count: 0,
  duplicate_email_count: 0,
  remaining_in_plan: 99,
  created_leads: [],
};

/** A 429 body of bulkAddLeads (the documented error shape). */
export const RATE_LIMITED = {
  statusCode: 429,
  error: "Too Many Requests",
  message: "Rate limit exceeded",
};

/** An API key long enough not to collide with the text of messages. */
export const TEST_API_KEY = "test-key-5f2a9c1e7b";
