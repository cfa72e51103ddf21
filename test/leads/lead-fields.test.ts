import { describe, expect, it } from "vitest";
import { emailKey } from "../../src/leads/lead-fields.js";

describe("emailKey", () => {
  it("trims and lowercases, so the same address in other case or padding is one key", () => {
    expect(emailKey("  Ann@X.Example\t")).toBe("ann@x.example");
    expect(emailKey("ann@x.example")).not.toBe(emailKey("anne@x.example"));
  });

  it.each([undefined, null, 3, "", "  \t"])("has no key for %j", (value) => {
    expect(emailKey(value)).toBeUndefined();
  });
});
