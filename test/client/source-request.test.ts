import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { requestBytes, SourceRequest } from "../../src/client/source-request.js";
import {
  TEST_API_KEY,
  OK_BODY,
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
} from "../support/loopback.js";

const URL_ = "http://127.0.0.1/api/v2/leads/add";
// Names real CRM exports carry: accents, CJK, an emoji (4 bytes in UTF-8, 2 UTF-16 units).
const TEXT = JSON.stringify({ first_name: "José Ñúñez", last_name: "山田 🚀", email: "a@b.co" });

describe("requestBytes", () => {
  it.each([
    [
      "a SourceRequest with a string body",
      () => new SourceRequest(URL_, { method: "POST", body: TEXT }),
    ],
    ["a plain Request with a string body", () => new Request(URL_, { method: "POST", body: TEXT })],
  ])("reads %s as its UTF-8 bytes", async (_name, build) => {
    const bytes = await requestBytes(build());
    expect(Buffer.from(bytes ?? []).toString("utf8")).toBe(TEXT);
    expect(bytes?.byteLength).toBe(Buffer.byteLength(TEXT));
  });

  it("hands bytes given as the body back as they are, without a copy", async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(await requestBytes(new SourceRequest(URL_, { method: "POST", body: bytes }))).toBe(
      bytes,
    );
  });

  it("keeps any other body in the Request and reads it from there", async () => {
    const request = new SourceRequest(URL_, { method: "POST", body: new URLSearchParams("a=1") });
    expect(request.source).toBeUndefined();
    expect(Buffer.from((await requestBytes(request)) ?? []).toString()).toBe("a=1");
  });

  it("is null for a request without a body", async () => {
    expect(await requestBytes(new SourceRequest(URL_))).toBeNull();
  });
});

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the client's request body on the wire", () => {
  it("is the same UTF-8 bytes on every attempt of a replayed request", async () => {
    server = await startLoopbackServer((_request, response, number) =>
      number === 1
        ? sendJson(response, 503, { message: "busy" })
        : sendJson(response, 200, OK_BODY),
    );
    const client = createInstantlyClient({ apiKey: TEST_API_KEY, baseUrl: server.url });
    const body = {
      campaign_id: "6f1f8d4a-9f59-4c43-9d0b-0c8ad6f0a2b1",
      leads: [{ email: "jose@example.com", first_name: "José Ñúñez", last_name: "山田 🚀" }],
    };
    const { response } = await client.POST("/api/v2/leads/add", {
      body,
      fetch: client.fetchWith({ replaySafe: true }),
    });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    for (const request of server.requests) {
      expect(JSON.parse(request.body)).toEqual(body);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(Number(request.headers["content-length"])).toBe(Buffer.byteLength(request.body));
    }
  });
});
