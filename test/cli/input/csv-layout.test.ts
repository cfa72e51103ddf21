import { describe, expect, it } from "vitest";
import { sniffDelimiter } from "../../../src/cli/input/csv-layout.js";

describe("sniffDelimiter", () => {
  it.each([
    ["Email,First Name,Plan", ","],
    ["Email;First Name;Plan", ";"],
    ["Email\tFirst Name\tPlan", "\t"],
    ["Email|First Name|Plan", "|"],
    ['"Email;x",Name', ","],
    ['"Email,a,b";Name;Plan', ";"],
    ["\uFEFFEmail;Name\nx,y,z,w,v", ";"],
    ["Email", ","],
    ["Email;Name,Plan", ","],
  ])("finds the delimiter of %j", (header, delimiter) => {
    expect(sniffDelimiter(header)).toBe(delimiter);
  });
});
