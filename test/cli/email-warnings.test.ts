import { describe, expect, it } from "vitest";
import { createEmailWarnings } from "../../src/cli/email-warnings.js";

describe("createEmailWarnings", () => {
  it("names the first line an email repeats, case-insensitively after trimming", () => {
    const warn = createEmailWarnings();
    expect(warn({ email: "Ann@X.example" }, 2)).toEqual([]);
    expect(warn({ email: "bob@x.example" }, 3)).toEqual([]);
    expect(warn({ email: " ann@x.EXAMPLE " }, 4)).toEqual([{ emailRepeats: 2 }]);
    expect(warn({ email: "ann@x.example" }, 5)).toEqual([{ emailRepeats: 2 }]);
  });

  it("warns of an address the API will count invalid, and of its repeats", () => {
    const warn = createEmailWarnings();
    const invalid = {
      field: "email",
      message: 'the API will count "ann@x" invalid: its domain has no dot',
    };
    expect(warn({ email: " ann@x " }, 2)).toEqual([invalid]);
    expect(warn({ email: "ann@x" }, 3)).toEqual([invalid, { emailRepeats: 2 }]);
  });

  it("ignores leads without an email (a list lead may have none)", () => {
    const warn = createEmailWarnings();
    for (const lead of [
      {},
      { email: null },
      { email: "" },
      { email: "  " },
      { first_name: "Ann" },
    ]) {
      expect(warn(lead, 2)).toEqual([]);
      expect(warn(lead, 3)).toEqual([]);
    }
  });
});
