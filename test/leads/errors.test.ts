import { describe, expect, it } from "vitest";
import { InstantlyError } from "../../src/client/errors.js";
import { formatIssue, InstantlyValidationError } from "../../src/leads/errors.js";

describe("formatIssue", () => {
  it.each([
    [
      { index: 3, field: "email", message: "must be a string or null" },
      "lead 3, email: must be a string or null",
    ],
    [{ index: 0, field: "", message: "must be an object" }, "lead 0: must be an object"],
    [
      { index: -1, field: "campaign_id", message: "must be a valid uuid" },
      "body, campaign_id: must be a valid uuid",
    ],
  ])("%j reads %s", (issue, text) => {
    expect(formatIssue(issue)).toBe(text);
  });
});

describe("InstantlyValidationError", () => {
  it("is an InstantlyError that keeps every issue and names the first few", () => {
    const issues = Array.from({ length: 7 }, (_, index) => ({
      index,
      field: "email",
      message: "is required",
    }));
    const error = new InstantlyValidationError(issues);
    expect(error).toBeInstanceOf(InstantlyError);
    expect(error.name).toBe("InstantlyValidationError");
    expect(error.issues).toHaveLength(7);
    expect(error.message).toBe(
      "7 invalid input(s): lead 0, email: is required; lead 1, email: is required; lead 2, email: is required; " +
        "lead 3, email: is required; lead 4, email: is required; and 2 more",
    );
  });
});
