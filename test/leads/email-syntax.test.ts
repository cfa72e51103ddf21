import { describe, expect, it } from "vitest";
import { emailSyntaxProblem } from "../../src/leads/email-syntax.js";

describe("emailSyntaxProblem", () => {
  it.each([
    "ann@x.example",
    "o'brien+tag@sub.x.example",
    "ANN.LEE@X.EXAMPLE",
    "ann@xn--bcher-kva.example",
    "jürgen@bücher.example",
    '"a@b"@x.example',
    "a..b@x.example",
  ])("lets %s through: the rule flags only what no mail system accepts", (email) => {
    expect(emailSyntaxProblem(email)).toBeUndefined();
  });

  it.each([
    ["ann.x.example", "it has no @"],
    ["@x.example", "nothing precedes the @"],
    ["ann@", "nothing follows the @"],
    ["ann lee@x.example", "it contains a space or a control character"],
    ["ann@x.example\u0000", "it contains a space or a control character"],
    ["ann@bob@x.example", "it has more than one @"],
    ["ann@localhost", "its domain has no dot"],
    ["ann@x,example", 'its domain holds ","'],
    ["<ann@x.example>", 'its domain holds ">"'],
    ["ann@x.example;bob@y.example", "it has more than one @"],
    ["ann@x.example;", 'its domain holds ";"'],
    ["ann@x..example", "its domain has an empty label (a leading, trailing or double dot)"],
    ["ann@x.example.", "its domain has an empty label (a leading, trailing or double dot)"],
    ["ann@.x.example", "its domain has an empty label (a leading, trailing or double dot)"],
  ])("flags %s: %s", (email, problem) => {
    expect(emailSyntaxProblem(email)).toBe(problem);
  });
});
