import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";

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
  close(): Promise<void>;
}

/** Starts a recording loopback server; close it in afterEach. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
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

/** An API key long enough not to collide with the text of messages. */
export const TEST_API_KEY = "test-key-5f2a9c1e7b";
