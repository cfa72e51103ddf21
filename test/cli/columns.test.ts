import { describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { leadFromCells, normalizeHeader, planColumns } from "../../src/cli/columns.js";

describe("planColumns", () => {
  it.each([
    ["Email", "email"],
    ["E-Mail", "email"],
    ["First Name", "first_name"],
    ["first_name", "first_name"],
    ["first-name", "first_name"],
    ["FIRSTNAME", "first_name"],
    ["  Last.Name ", "last_name"],
    ["Company_Name", "company_name"],
    ["lt interest status", "lt_interest_status"],
    ["PL Value Lead", "pl_value_lead"],
  ])("maps the header %j to the lead field %s", (header, field) => {
    expect(planColumns([header]).columns).toEqual([
      expect.objectContaining({ kind: "field", field }),
    ]);
  });

  it("maps every scalar lead field of the spec by its own name", () => {
    const fields = bulkAddLeadsSpec.arrays.leads.itemProperties.filter(
      (name) => name !== "custom_variables",
    );
    const planned = planColumns(fields).columns.map(
      (column) => column.kind === "field" && column.field,
    );
    expect(planned).toEqual(fields);
  });

  it("marks numeric fields of the spec, and only those", () => {
    const numeric = planColumns(["lt_interest_status", "email", "phone"]).columns.map(
      (column) => column.kind === "field" && column.numeric,
    );
    expect(numeric).toEqual([true, false, false]);
  });

  it.each([
    ["Plan", "Plan"],
    [" Seats ", "Seats"],
    ["Full Name", "Full Name"],
  ])("keeps the unknown header %j as the custom variable %j", (header, name) => {
    expect(planColumns([header]).columns).toEqual([{ kind: "custom", name }]);
  });

  it.each([
    [["Email", ""], /column 2 has an empty header/],
    [["Plan", "Plan"], /column 2 "Plan" maps to custom_variables.Plan, like column 1/],
    [["custom variables"], /column 1 "custom variables" names the object field custom_variables/],
  ])("refuses the header %j", (header, message) => {
    expect(() => planColumns(header)).toThrow(message);
  });
});

describe("normalizeHeader", () => {
  it.each([
    ["First Name", "firstname"],
    ["first_name", "firstname"],
    ["Prénom", "prénom"],
    ["ＥＭＡＩＬ", "email"],
  ])("normalizes %j to %j", (header, key) => {
    expect(normalizeHeader(header)).toBe(key);
  });
});

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
