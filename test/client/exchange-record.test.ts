import { describe, expect, it } from "vitest";
import { exchangeHeaders } from "../../src/client/exchange-record.js";

describe("exchangeHeaders", () => {
  it.each([
    ["x-ratelimit-remaining", true],
    ["X-RateLimit-Reset", true],
    ["ratelimit-policy", true],
    ["retry-after", true],
    ["retry-after-ms", true],
    ["x-request-id", true],
    ["request-id", true],
    ["x-amzn-requestid", true],
    ["cf-ray", true],
    ["server", true],
    ["content-type", true],
    ["set-cookie", false],
    ["content-length", false],
    ["date", false],
    ["x-powered-by", false],
  ])("%s kept: %s", (name, kept) => {
    const headers = new Headers({ [name]: "v" });
    expect(exchangeHeaders(headers)).toEqual(kept ? { [name.toLowerCase()]: "v" } : {});
  });
});
