import { afterEach, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import {
  apiErrorFromResponse,
  InstantlyAbortError,
  InstantlyApiError,
  InstantlyAuthenticationError,
  InstantlyConnectionError,
  InstantlyError,
  InstantlyNotFoundError,
  InstantlyPaymentRequiredError,
  InstantlyPermissionDeniedError,
  InstantlyRateLimitError,
  InstantlyServerError,
  InstantlyTimeoutError,
} from "../../src/client/errors.js";
import {
  LEADS_BODY,
  TEST_API_KEY,
  sendJson,
  startLoopbackServer,
  type LoopbackServer,
} from "../support/loopback.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const documented = (statusCode: number, error: string, message: string) => ({
  statusCode,
  error,
  message,
});

const FORBIDDEN_HINT =
  ". The API key may lack the scope this request needs (adding leads needs a key allowed to" +
  " create leads), or a proxy or the API's edge refused the request (e.g. for its User-Agent;" +
  " the client's userAgent option sets another)";

describe("apiErrorFromResponse on real responses", () => {
  it.each([
    {
      status: 400,
      body: documented(400, "Bad Request", "body/leads must NOT have fewer than 1 items"),
      type: InstantlyApiError,
      message:
        "Instantly API 400 Bad Request: body/leads must NOT have fewer than 1 items (POST /api/v2/leads/add)",
    },
    {
      status: 401,
      body: documented(401, "Unauthorized", "Invalid API key"),
      type: InstantlyAuthenticationError,
      message: "Instantly API 401 Unauthorized: Invalid API key (POST /api/v2/leads/add)",
    },
    {
      status: 402,
      body: documented(402, "Payment Required", "Upgrade your plan"),
      type: InstantlyPaymentRequiredError,
      message: "Instantly API 402 Payment Required: Upgrade your plan (POST /api/v2/leads/add)",
    },
    {
      status: 403,
      body: documented(403, "Forbidden", "Insufficient scope"),
      type: InstantlyPermissionDeniedError,
      message:
        "Instantly API 403 Forbidden: Insufficient scope (POST /api/v2/leads/add)" + FORBIDDEN_HINT,
    },
    {
      status: 403,
      body: "<html><head><title>403 Forbidden</title></head><body>Access denied</body></html>",
      type: InstantlyPermissionDeniedError,
      message:
        "Instantly API 403 Forbidden: <html><head><title>403 Forbidden</title></head><body>Access denied</body></html> (POST /api/v2/leads/add)" +
        FORBIDDEN_HINT,
    },
    {
      status: 404,
      body: documented(404, "Not Found", "Campaign not found"),
      type: InstantlyNotFoundError,
      message: "Instantly API 404 Not Found: Campaign not found (POST /api/v2/leads/add)",
    },
    {
      status: 429,
      body: documented(429, "Too Many Requests", "Rate limit exceeded"),
      type: InstantlyRateLimitError,
      message: "Instantly API 429 Too Many Requests: Rate limit exceeded (POST /api/v2/leads/add)",
    },
    {
      status: 500,
      body: documented(500, "Internal Server Error", "Something broke"),
      type: InstantlyServerError,
      message: "Instantly API 500 Internal Server Error: Something broke (POST /api/v2/leads/add)",
    },
    {
      status: 503,
      body: "<html>\n  <body>upstream unavailable</body>\n</html>",
      type: InstantlyServerError,
      message:
        "Instantly API 503 Service Unavailable: <html> <body>upstream unavailable</body> </html> (POST /api/v2/leads/add)",
    },
  ])("$status -> $type.name", async ({ status, body, type, message }) => {
    server = await startLoopbackServer((_request, response) =>
      typeof body === "string"
        ? response
            .writeHead(status, { "content-type": "text/html", "x-request-id": "r-1" })
            .end(body)
        : sendJson(response, status, body, { "retry-after-ms": "0", "x-request-id": "r-1" }),
    );
    const client = createInstantlyClient({
      apiKey: TEST_API_KEY,
      baseUrl: server.url,
      maxRetries: 1,
    });
    const { error, response } = await client.POST("/api/v2/leads/add", { body: LEADS_BODY });
    const apiError = apiErrorFromResponse(response, error);
    expect(apiError).toBeInstanceOf(type);
    expect(apiError).toBeInstanceOf(InstantlyError);
    expect(apiError.name).toBe(type.name);
    expect(apiError.message).toBe(message);
    expect(apiError.status).toBe(status);
    expect(apiError.body).toEqual(typeof body === "string" ? undefined : body);
    expect(apiError.headers.get("x-request-id")).toBe("r-1");
    expect(server.requests).toHaveLength(status === 429 ? 2 : 1);
  });
});

describe("apiErrorFromResponse on any Response", () => {
  it.each([
    { body: undefined, message: "Instantly API 418 I'm a Teapot" },
    {
      body: { message: "short and stout" },
      message: "Instantly API 418 I'm a Teapot: short and stout",
    },
    { body: "x".repeat(500), message: `Instantly API 418 I'm a Teapot: ${"x".repeat(200)}…` },
  ])("describes $body", ({ body, message }) => {
    const error = apiErrorFromResponse(new Response(null, { status: 418 }), body);
    expect(error.constructor).toBe(InstantlyApiError);
    expect(error.message).toBe(message);
    expect(error.body).toBeUndefined();
  });
});

describe("the error tree", () => {
  it.each([
    { type: InstantlyApiError, parent: InstantlyError },
    { type: InstantlyAuthenticationError, parent: InstantlyApiError },
    { type: InstantlyPaymentRequiredError, parent: InstantlyApiError },
    { type: InstantlyPermissionDeniedError, parent: InstantlyApiError },
    { type: InstantlyNotFoundError, parent: InstantlyApiError },
    { type: InstantlyRateLimitError, parent: InstantlyApiError },
    { type: InstantlyServerError, parent: InstantlyApiError },
    { type: InstantlyConnectionError, parent: InstantlyError },
    // As in openai-node: a timeout is a connection that ran out of time.
    { type: InstantlyTimeoutError, parent: InstantlyConnectionError },
    { type: InstantlyAbortError, parent: InstantlyError },
  ])("$type.name extends $parent.name", ({ type, parent }) => {
    expect(Object.getPrototypeOf(type)).toBe(parent);
  });
});
