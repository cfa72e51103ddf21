import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server received it, with its parsed JSON body. */
export interface Received {
  number: number;
  body: { leads: Array<Record<string, unknown>> } & Record<string, unknown>;
  headers: IncomingMessage["headers"];
}

/** Answers a request; `number` is 1-based. */
export type Answer = (received: Received, response: ServerResponse) => void;

/** A recording node:http server on 127.0.0.1 that also tracks how many requests overlap. */
export interface Loopback {
  url: string;
  received: Received[];
  /** The most requests that were open at the same time. */
  maxOpen: number;
  close(): Promise<void>;
}

/** Starts a loopback server; close it in afterEach. */
export async function startLoopback(answer: Answer): Promise<Loopback> {
  let open = 0;
  const state: Loopback = { url: "", received: [], maxOpen: 0, close: async () => {} };
  const server = createServer((request, response) => {
    open++;
    state.maxOpen = Math.max(state.maxOpen, open);
    response.once("close", () => open--);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received: Received = {
        number: state.received.length + 1,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Received["body"],
        headers: request.headers,
      };
      state.received.push(received);
      answer(received, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return state;
}

/** Sends `body` as JSON with the status. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** The documented error body for a status. */
export function errorBody(status: number, error: string, message = "test"): object {
  return { statusCode: status, error, message };
}

/** A 200 body that creates every lead of the request. */
export function createdAll(received: Received): object {
  const count = received.body.leads.length;
  return {
    status: "success",
    total_sent: count,
    leads_uploaded: count,
    in_blocklist: 0,
    blocklist_used: null,
    duplicated_leads: 0,
    skipped_count: 0,
    invalid_email_count: 0,
    incomplete_count: 0,
    duplicate_email_count: 0,
    remaining_in_plan: 1000,
    created_leads: received.body.leads.map((lead, index) => ({
      index,
      id: `00000000-0000-4000-8000-${String(received.number * 10_000 + index).padStart(12, "0")}`,
      email: lead.email ?? null,
    })),
  };
}
