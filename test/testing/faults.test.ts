import { afterEach, describe, expect, it } from "vitest";
import { startFakeInstantly } from "../../src/testing/fake-server.js";
import { faultFor } from "../../src/testing/faults.js";
import type { FakeFault, FakeInstantly, FaultContext } from "../../src/testing/fake-instantly.js";
import { CAMPAIGN_ID, postLeads } from "./support.js";

let fake: FakeInstantly | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A fake whose first request plays `fault`. */
async function faulted(fault: FakeFault): Promise<FakeInstantly> {
  fake = await startFakeInstantly({ rateLimit: false, faults: { 1: fault } });
  return fake;
}

const body = { campaign_id: CAMPAIGN_ID, leads: [{ email: "ada@example.com" }] };

/** The log of the first request once it has ended. */
async function firstLogEntry(server: FakeInstantly) {
  await expect.poll(() => server.state.log.length).toBe(1);
  const [entry] = server.state.log;
  return { status: entry?.status, applied: entry?.applied };
}

describe("faultFor", () => {
  const context: FaultContext = { requestNumber: 2, body: { leads: [] } };
  it.each([
    ["no faults", undefined, undefined],
    ["a table without this request", { 1: { kind: "reset-before" } }, undefined],
    ["a table with this request", { 2: { kind: "reset-before" } }, { kind: "reset-before" }],
    [
      "a script",
      (ctx: FaultContext): FakeFault => ({ kind: "status", status: 500 + ctx.requestNumber }),
      { kind: "status", status: 502 },
    ],
  ] as const)("finds the fault with %s", (_name, faults, expected) => {
    expect(faultFor(faults, context)).toEqual(expected);
  });
});

describe("faults on the wire", () => {
  it.each([
    ["503, not applied", { kind: "status", status: 503 }, 503, "Service Unavailable", false],
    [
      "500 after applying",
      { kind: "status", status: 500, applied: true },
      500,
      "Internal Server Error",
      true,
    ],
  ] as const)("answers a status: %s", async (_name, fault, status, error, applied) => {
    const server = await faulted(fault);
    const answer = await postLeads(server.url, body);
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ statusCode: status, error, message: expect.any(String) });
    expect(await firstLogEntry(server)).toEqual({ status, applied });
    expect(server.state.leads).toHaveLength(applied ? 1 : 0);
  });

  it.each([
    ["before applying", { kind: "reset-before" }, false],
    ["after applying", { kind: "reset-after" }, true],
  ] as const)("resets the connection %s", async (_name, fault, applied) => {
    const server = await faulted(fault);
    await expect(postLeads(server.url, body)).rejects.toThrow(TypeError);
    expect(await firstLogEntry(server)).toEqual({ status: "reset", applied });
    expect(server.state.applied).toBe(applied ? 1 : 0);
    expect(server.state.totals.leads_uploaded).toBe(applied ? 1 : 0);
    expect((await postLeads(server.url, body)).status).toBe(200);
  });

  it.each([
    ["applied at once", true],
    ["never applied", false],
  ])("delays past the client's timeout, %s", async (_name, applied) => {
    const server = await faulted({ kind: "delay", ms: 30_000, applied });
    const signal = AbortSignal.timeout(200);
    await expect(postLeads(server.url, body, { signal })).rejects.toThrow();
    expect(await firstLogEntry(server)).toEqual({ status: "reset", applied });
    expect(server.state.leads).toHaveLength(applied ? 1 : 0);
  });

  it("answers a delayed request to a client that waits", async () => {
    const server = await faulted({ kind: "delay", ms: 200 });
    const started = performance.now();
    const answer = await postLeads(server.url, body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(answer.status).toBe(200);
    expect(await firstLogEntry(server)).toEqual({ status: 200, applied: true });
  });

  it.each([
    ["a 502 HTML page by default", { kind: "non-json" }, 502, false],
    [
      "a 200 that is not JSON, after applying",
      { kind: "non-json", status: 200, applied: true },
      200,
      true,
    ],
  ] as const)("answers %s", async (_name, fault, status, applied) => {
    const server = await faulted(fault);
    const answer = await postLeads(server.url, body);
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(answer.json).toBeUndefined();
    expect(answer.text).toContain(`<h1>${status}`);
    expect(await firstLogEntry(server)).toEqual({ status, applied });
  });

  it("answers a 403 HTML page by default, as the API's edge does, without applying", async () => {
    const server = await faulted({ kind: "forbidden" });
    const answer = await postLeads(server.url, body);
    expect(answer.status).toBe(403);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
    expect(answer.text).toContain("<h1>403 Forbidden</h1>");
    expect(await firstLogEntry(server)).toEqual({ status: 403, applied: false });
  });

  it("answers a 403 with the API's error body when asked", async () => {
    const server = await faulted({ kind: "forbidden", body: "json" });
    const answer = await postLeads(server.url, body);
    expect(answer.status).toBe(403);
    expect(answer.json).toEqual({
      statusCode: 403,
      error: "Forbidden",
      message: expect.stringContaining("scope"),
    });
    expect(await firstLogEntry(server)).toEqual({ status: 403, applied: false });
  });

  it.each([
    ["Retry-After 1 by default", {}, "1"],
    ["the given Retry-After", { retryAfter: 0 }, "0"],
    ["no Retry-After", { retryAfter: "none" }, null],
  ] as const)("answers a scripted 429 with %s", async (_name, extra, retryAfter) => {
    const server = await faulted({ kind: "rate-limit", ...extra });
    const answer = await postLeads(server.url, body);
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBe(retryAfter);
    expect(answer.json).toEqual({
      statusCode: 429,
      error: "Too Many Requests",
      message: "Rate limit exceeded",
    });
    expect(await firstLogEntry(server)).toEqual({ status: 429, applied: false });
  });

  it("gives a fault script each request's number and parsed body, or its text when not JSON", async () => {
    const seen: FaultContext[] = [];
    fake = await startFakeInstantly({
      rateLimit: false,
      faults: (context) => {
        seen.push(context);
        return context.requestNumber === 2 ? { kind: "status", status: 502 } : undefined;
      },
    });
    const statuses = [];
    for (const sent of [body, body, "{oops"])
      statuses.push((await postLeads(fake.url, sent)).status);
    expect(statuses).toEqual([200, 502, 400]);
    expect(seen).toEqual([
      { requestNumber: 1, body },
      { requestNumber: 2, body },
      { requestNumber: 3, body: "{oops" },
    ]);
    expect(fake.state.responses).toEqual({ 200: 1, 400: 1, 502: 1 });
  });
});
