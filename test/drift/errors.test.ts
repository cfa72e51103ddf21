import type { RequestListener } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDrift } from "../../codegen/drift/run.js";
import { capture, pinnedSpec, serve, workspace } from "./fixtures.js";

interface Case {
  name: string;
  handler: RequestListener;
  args?: string[];
  message: RegExp;
}

const json =
  (body: string): RequestListener =>
  (_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  };

const cases: Case[] = [
  {
    name: "HTTP 404",
    handler: (_q, r) => r.writeHead(404).end("not here"),
    message: /answered HTTP 404 Not Found/,
  },
  {
    name: "HTTP 500",
    handler: (_q, r) => r.writeHead(500).end(),
    message: /answered HTTP 500 Internal Server Error/,
  },
  // The handler never answers; the check must give up on its own.
  {
    name: "timeout",
    handler: () => {},
    args: ["--timeout-ms", "300"],
    message: /did not answer within 300 ms/,
  },
  {
    name: "garbage body",
    handler: json("<html>Service Unavailable</html>"),
    message: /is not JSON .*it starts with "<html>/,
  },
  {
    name: "JSON that is not OpenAPI",
    handler: json('{"hello":"world"}'),
    message: /is not an OpenAPI 3\.0\/3\.1 document/,
  },
  {
    name: "OpenAPI that does not validate",
    handler: json('{"openapi":"3.1.0","paths":{}}'),
    message: /is not a valid OpenAPI document: .*info/s,
  },
  {
    name: "declared body over the cap",
    handler: json(JSON.stringify(pinnedSpec())),
    args: ["--max-bytes", "1000"],
    message: /larger than the 1000-byte cap/,
  },
  {
    // No content-length: only streaming with a running count can catch it.
    name: "streamed body over the cap",
    handler: (_q, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = " ".repeat(64 * 1024);
      const push = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once("drain", push);
      };
      push();
    },
    args: ["--max-bytes", "1000000"],
    message: /larger than the 1000000-byte cap/,
  },
];

describe("drift check: unusable upstream exits 2 with a clear message", () => {
  let handler: RequestListener = () => {};
  let server: Awaited<ReturnType<typeof serve>>;
  let space: Awaited<ReturnType<typeof workspace>>;
  beforeAll(async () => {
    server = await serve((request, response) => handler(request, response));
    space = await workspace();
  });
  afterAll(async () => {
    await server.close();
    await space.remove();
  });

  async function run(args: string[]) {
    const { io, output } = capture();
    const exitCode = await runDrift(
      ["--spec", space.specPath, "--pin", space.pinPath, ...args],
      output,
    );
    return { exitCode, ...io };
  }

  it.each(cases)("$name", async ({ handler: h, args = [], message }) => {
    handler = h;
    const result = await run(["--upstream", server.url, ...args]);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(server.url);
    expect(result.stdout).toBe("");
    expect(result.exitCode).toBe(2);
  });

  it("unreachable upstream", async () => {
    const closed = await serve(() => {});
    await closed.close();
    const result = await run(["--upstream", closed.url]);
    expect(result.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/.*ECONNREFUSED/);
    expect(result.exitCode).toBe(2);
  });

  it("missing upstream file", async () => {
    const result = await run(["--upstream", `${space.dir}/nope.json`]);
    expect(result.stderr).toMatch(/cannot read .*nope\.json: ENOENT/);
    expect(result.exitCode).toBe(2);
  });

  it.each([
    [["--colour"], /Unknown option '--colour'/],
    [["--json", "--markdown"], /exclude each other/],
    [["--timeout-ms", "soon"], /--timeout-ms must be a positive integer/],
    [["extra"], /Unexpected argument 'extra'/],
  ])("bad usage %j", async (args, message) => {
    const result = await run(args);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: npm run drift");
    expect(result.exitCode).toBe(2);
  });

  it("pinned operation missing from the pinned spec", async () => {
    const other = await workspace(pinnedSpec(), ["bulkAddLeads", "listCampaigns"]);
    try {
      const { io, output } = capture();
      const exitCode = await runDrift(
        ["--pin", other.pinPath, "--upstream", other.specPath],
        output,
      );
      expect(io.stderr).toMatch(/pinned spec has no operation "listCampaigns"/);
      expect(exitCode).toBe(2);
    } finally {
      await other.remove();
    }
  });
});
