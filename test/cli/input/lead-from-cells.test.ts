import { describe, expect, it } from "vitest";
import { planColumns } from "../../../src/cli/input/columns.js";
import { leadFromCells } from "../../../src/cli/input/lead-from-cells.js";

describe("leadFromCells", () => {
  const { columns } = planColumns(["Email", "First Name", "LT Interest Status", "Plan", "Seats"]);

  it.each([
    {
      name: "trims cells and puts unknown columns in custom_variables as strings",
      cells: [" a@x.example ", "Ada", "", "Pro", "12"],
      typed: false,
      lead: {
        email: "a@x.example",
        first_name: "Ada",
        custom_variables: { Plan: "Pro", Seats: "12" },
      },
    },
    {
      name: "omits empty and blank cells, and custom_variables when none is left",
      cells: ["a@x.example", "  ", "", "", ""],
      typed: false,
      lead: { email: "a@x.example" },
    },
    {
      name: "parses a numeric lead field as a number",
      cells: ["a@x.example", "", "-2", "", ""],
      typed: false,
      lead: { email: "a@x.example", lt_interest_status: -2 },
    },
    ...(
      [
        ["Interested", 1],
        ["not interested", -1],
        [" Meeting-Booked ", 2],
        ["OUT OF OFFICE", 0],
      ] as const
    ).map(([cell, value]) => ({
      name: `sends the spec's enum label ${JSON.stringify(cell)} as its value ${value}`,
      cells: ["a@x.example", "", cell, "", ""],
      typed: false,
      lead: { email: "a@x.example", lt_interest_status: value },
    })),
    {
      name: "keeps a numeric lead field past 2^53 as text, so it is named, not sent changed",
      cells: ["a@x.example", "", "12345678901234567890", "", ""],
      typed: false,
      lead: { email: "a@x.example", lt_interest_status: "12345678901234567890" },
    },
    {
      name: "keeps a numeric lead field that is not a number as text, for validation to name",
      cells: ["a@x.example", "", "hot", "", ""],
      typed: false,
      lead: { email: "a@x.example", lt_interest_status: "hot" },
    },
  ])("$name", ({ cells, typed, lead }) => {
    expect(leadFromCells(cells, columns, typed)).toEqual(lead);
  });

  it.each([
    ["12", 12],
    ["-3.5", -3.5],
    ["0", 0],
    ["007", "007"],
    ["1e3", "1e3"],
    ["1.50", "1.50"],
    ["-0", "-0"],
    ["9007199254740991", 9007199254740991],
    ["9007199254740993", "9007199254740993"],
    ["12345678901234567890", "12345678901234567890"],
    ["0.30000000000000004", 0.30000000000000004],
    ["true", true],
    ["FALSE", false],
    ["n/a", "n/a"],
    ["yes", "yes"],
  ])("with typed columns sends the custom cell %j as %j", (cell, value) => {
    expect(leadFromCells(["a@x.example", "", "", "", cell], columns, true)).toEqual({
      email: "a@x.example",
      custom_variables: { Seats: value },
    });
  });
});

describe("leadFromCells with a full-name column", () => {
  it("fills first_name and last_name from the cell, or first_name alone", () => {
    const { columns } = planColumns(["Email", "Full Name"]);
    expect(leadFromCells(["a@x.example", "Ada Lovelace"], columns, false)).toEqual({
      email: "a@x.example",
      first_name: "Ada",
      last_name: "Lovelace",
    });
    expect(leadFromCells(["a@x.example", "Cher"], columns, false)).toEqual({
      email: "a@x.example",
      first_name: "Cher",
    });
  });
});
