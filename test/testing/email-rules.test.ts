import { describe, expect, it } from "vitest";
import { createBlocklist, isValidEmail, presentText } from "../../src/testing/email-rules.js";

describe("presentText", () => {
  it.each([
    [" ada@x.io ", "ada@x.io"],
    ["", undefined],
    ["   ", undefined],
    [null, undefined],
    [undefined, undefined],
    [42, undefined],
  ])("reads %j as %j", (value, expected) => {
    expect(presentText(value)).toBe(expected);
  });
});

describe("isValidEmail", () => {
  it.each([
    ["ada@example.com", true],
    ["ada.lovelace+tag@mail.example.co.uk", true],
    ["ada", false],
    ["ada@", false],
    ["@example.com", false],
    ["ada@example.", false],
    ["ada lovelace@example.com", false],
    ["ada@@example.com", false],
  ])("%s -> %s", (email, valid) => {
    expect(isValidEmail(email)).toBe(valid);
  });
});

describe("createBlocklist", () => {
  const isBlocked = createBlocklist(["No@Spam.example", "@blocked.example", " closed.example "]);
  it.each([
    ["no@spam.example", true],
    ["NO@SPAM.EXAMPLE", true],
    ["yes@spam.example", false],
    ["a@blocked.example", true],
    ["a@Closed.Example", true],
    ["a@sub.closed.example", false],
    ["closed.example@other.example", false],
  ])("%s -> %s", (email, blocked) => {
    expect(isBlocked(email)).toBe(blocked);
  });
});
