import { describe, expect, it } from "vitest";
import { specNames } from "../../src/spec/spec-names.js";

describe("specNames", () => {
  it("returns the names the spec still has", () => {
    expect(specNames(["email", "phone"], ["phone", "email", "website"], "the lead")).toEqual([
      "email",
      "phone",
    ]);
  });

  it("fails loudly, naming each missing name, after a spec rename", () => {
    expect(() => specNames(["email", "first_name"], ["e_mail"], "the lead")).toThrow(
      "the spec no longer has email, first_name in the lead; update src/leads",
    );
  });
});
