import { describe, expect, it } from "vitest";
import { checkBaseUrl } from "../../src/client/base-url.js";
import { createInstantlyClient } from "../../src/client/create.js";
import { InstantlyError } from "../../src/client/errors.js";

describe("baseUrl", () => {
  it.each([
    "https://api.instantly.ai",
    "https://proxy.example.com/instantly",
    "http://127.0.0.1:4010",
    "http://127.255.10.1",
    "http://127.1:8080",
    "http://localhost:3000",
    "http://LOCALHOST",
    "http://[::1]:4010",
    "http://[0:0:0:0:0:0:0:1]",
  ])("accepts %s", (baseUrl) => {
    expect(checkBaseUrl(baseUrl)).toBe(baseUrl);
    expect(() => createInstantlyClient({ apiKey: "key", baseUrl })).not.toThrow();
  });

  it.each([
    {
      baseUrl: "http://api.instantly.ai",
      message: /plain http is only allowed to a loopback host/,
    },
    { baseUrl: "http://10.0.0.1", message: /baseUrl http:\/\/10\.0\.0\.1 refused/ },
    { baseUrl: "http://128.0.0.1", message: /plain http/ },
    { baseUrl: "http://localhost.evil.example", message: /plain http/ },
    { baseUrl: "http://127.0.0.1.nip.io", message: /plain http/ },
    { baseUrl: "http://[::2]", message: /plain http/ },
    { baseUrl: "ftp://api.instantly.ai", message: /only https/ },
    { baseUrl: "ws://127.0.0.1", message: /only https/ },
    { baseUrl: "file:///tmp/api", message: /only https/ },
    { baseUrl: "https://user:pass@api.instantly.ai", message: /must not contain credentials/ },
    { baseUrl: "api.instantly.ai", message: /not an absolute URL/ },
  ])("refuses $baseUrl", ({ baseUrl, message }) => {
    expect(() => createInstantlyClient({ apiKey: "key", baseUrl })).toThrow(InstantlyError);
    expect(() => createInstantlyClient({ apiKey: "key", baseUrl })).toThrow(message);
  });
});
