import { describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";
import {
  describeMapping,
  normalizeHeader,
  planColumns,
  requireEmailColumn,
} from "../../../src/cli/input/columns.js";

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

  it("drops a results file's outcome columns and says so, unless --map places them", () => {
    const header = ["Email", "INSTANTLY_STATUS", "instantly_lead_id", " instantly_message "];
    const plan = planColumns(header);
    expect(plan.columns.map((column) => column.kind)).toEqual(["field", "drop", "drop", "drop"]);
    expect(describeMapping(plan)).toMatch(
      /note: "INSTANTLY_STATUS", "instantly_lead_id", "instantly_message": the outcome columns of a results or errors file, dropped/,
    );
    const mapped = planColumns(header, { map: [["instantly_lead_id", "custom_variables.old_id"]] });
    expect(mapped.columns[2]).toEqual({ kind: "custom", name: "old_id" });
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
    ["Lead Source", "Lead Source"],
  ])("keeps the unknown header %j as the custom variable %j", (header, name) => {
    expect(planColumns([header]).columns).toEqual([{ kind: "custom", name }]);
  });

  it.each([
    [["Email", ""], /column 2 has an empty header/],
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

describe("planColumns with a repeated header name", () => {
  it("reads the second of two same names as NAME (2), the third as NAME (3), and says so", () => {
    const plan = planColumns(["Email", "UNSUB_REASON", "UNSUB_REASON", "UNSUB_REASON", "Email"]);
    expect(plan.header).toEqual([
      "Email",
      "UNSUB_REASON",
      "UNSUB_REASON (2)",
      "UNSUB_REASON (3)",
      "Email (2)",
    ]);
    expect(plan.columns.map((column) => column.kind === "custom" && column.name)).toEqual([
      false,
      "UNSUB_REASON",
      "UNSUB_REASON (2)",
      "UNSUB_REASON (3)",
      "Email (2)",
    ]);
    expect(plan.notes).toEqual([
      'column 3 repeats the header "UNSUB_REASON": it is read as "UNSUB_REASON (2)"',
      'column 4 repeats the header "UNSUB_REASON": it is read as "UNSUB_REASON (3)"',
      'column 5 repeats the header "Email": it is read as "Email (2)"',
    ]);
  });

  it("skips a name the header already has, and lets --map name the renamed column", () => {
    const plan = planColumns(["Email", "Plan", "Plan (2)", "Plan"], {
      map: [["Plan (3)", "-"]],
    });
    expect(plan.header).toEqual(["Email", "Plan", "Plan (2)", "Plan (3)"]);
    expect(plan.columns[3]).toEqual({ kind: "drop" });
  });
});

describe("planColumns with a full-name column", () => {
  const split = (header: string[], options = {}) =>
    planColumns(header, options).columns.map((column) =>
      column.kind === "field" ? column.field : column.kind,
    );

  it.each([
    [
      ["email", "full_name", "phone_number"],
      ["email", "name", "phone"],
    ],
    [
      ["Email", "Lead Name", "Company"],
      ["email", "name", "company_name"],
    ],
    [
      ["Person - Name", "Person - Email"],
      ["name", "email"],
    ],
    [
      ["E-Mail", "Nom complet"],
      ["email", "name"],
    ],
    // The better-ranked name wins; the other stays a custom variable.
    [
      ["Contact Name", "Full Name", "Email"],
      ["custom", "name", "email"],
    ],
    // A first or last name column means the full name is not needed.
    [
      ["Email", "Full Name", "First Name"],
      ["email", "custom", "first_name"],
    ],
    [
      ["Email", "Full Name", "Surname"],
      ["email", "custom", "last_name"],
    ],
    // French: Nom beside Prénom is the family name; Nom alone is the whole name.
    [
      ["Prénom", "Nom", "E-mail"],
      ["first_name", "last_name", "email"],
    ],
    [
      ["Nom", "E-mail"],
      ["name", "email"],
    ],
  ])("maps %j to %j", (header, expected) => {
    expect(split(header)).toEqual(expected);
  });

  it("keeps the column as it is with --no-split-name, or when --map places it", () => {
    expect(split(["Email", "Full Name"], { splitName: false })).toEqual(["email", "custom"]);
    // A lone Nom is not taken for last_name either, where it would hold whole names.
    expect(split(["Nom", "E-mail"], { splitName: false })).toEqual(["custom", "email"]);
    expect(split(["Prénom", "Nom"], { splitName: false })).toEqual(["first_name", "last_name"]);
    expect(split(["Email", "Full Name"], { map: [["Full Name", "-"]] })).toEqual(["email", "drop"]);
  });

  it("shows the split in the mapping", () => {
    const text = describeMapping(planColumns(["Email", "Full Name"]));
    expect(text).toMatch(/\n {2}first_name +<- "Full Name" \(split: the first word\)\n/);
    expect(text).toMatch(/\n {2}last_name +<- "Full Name" \(split: the rest\)\n/);
    expect(text).toContain('note: "Full Name" holds whole names');
    expect(text).toContain("--no-split-name");
  });
});

describe("planColumns with --map and --custom-variables", () => {
  const header = ["Email", "Work Email", "Nick Name", "Notes", "Plan"];
  const kinds = (plan: ReturnType<typeof planColumns>) =>
    plan.columns.map((column) =>
      column.kind === "field"
        ? column.field
        : column.kind === "custom"
          ? `custom:${column.name}`
          : "-",
    );

  it.each([
    [{}, ["email", "custom:Work Email", "custom:Nick Name", "custom:Notes", "custom:Plan"]],
    [
      { map: [["Work Email", "email"]] },
      ["custom:Email", "email", "custom:Nick Name", "custom:Notes", "custom:Plan"],
    ],
    [
      {
        map: [
          ["nick name", "first_name"],
          ["Notes", "-"],
          ["Plan", "custom_variables.tier"],
        ],
      },
      ["email", "custom:Work Email", "first_name", "-", "custom:tier"],
    ],
    [{ customVariables: "none" }, ["email", "-", "-", "-", "-"]],
    [
      { customVariables: "mapped", map: [["Plan", "custom_variables.Plan"]] },
      ["email", "-", "-", "-", "custom:Plan"],
    ],
  ] as const)("with %j maps to %j", (options, expected) => {
    expect(kinds(planColumns(header, options))).toEqual(expected);
  });

  it("shows which of two email columns it chose, and the --map that takes the other", () => {
    expect(planColumns(header).notes).toEqual([
      '"Work Email" also looks like email; "Email" was chosen (--map "Work Email=email" to take this one)',
    ]);
  });

  it("lets the better-named column win wherever it stands", () => {
    expect(kinds(planColumns(["Work Email", "Email Address"]))).toEqual([
      "custom:Work Email",
      "email",
    ]);
  });

  it.each([
    [
      { map: [["Mail Adress", "email"]] },
      /--map names the column "Mail Adress", which the header lacks/,
    ],
    [{ map: [["Notes", "mail"]] }, /--map "Notes=mail": "mail" is not a lead field/],
    [{ map: [["Notes", "custom_variables"]] }, /is not a lead field/],
    [
      {
        map: [
          ["Notes", "email"],
          ["Plan", "email"],
        ],
      },
      /column 5 "Plan" maps to email, like column 4/,
    ],
    [
      { map: [["Notes", "custom_variables.x"]], customVariables: "none" },
      /contradicts --custom-variables none/,
    ],
  ] as const)("refuses %j", (options, message) => {
    expect(() => planColumns(header, options)).toThrow(message);
  });
});

describe("describeMapping", () => {
  it("lists each field with its column, then custom variables, dropped columns and notes", () => {
    const plan = planColumns(["Email Address", "Work Email", "Company", "Notes", "Plan"], {
      map: [
        ["Notes", "-"],
        ["Plan", "custom_variables.tier"],
      ],
    });
    expect(describeMapping(plan).split("\n")).toEqual([
      "Column mapping:",
      '  email              <- "Email Address"',
      '  company_name       <- "Company"',
      '  custom_variables: "Work Email", "Plan" as "tier"',
      '  dropped: "Notes"',
      '  note: "Work Email" also looks like email; "Email Address" was chosen (--map "Work Email=email" to take this one)',
    ]);
  });
});

describe("requireEmailColumn", () => {
  const sample = [
    ["ann@x.example", "Ann"],
    ["", "Bob"],
    ["cy@x.example", "Cy"],
  ];

  it("refuses a column of email addresses that maps elsewhere, naming the --map that fixes it", () => {
    const plan = planColumns(["Contact", "First Name"]);
    expect(() => requireEmailColumn(plan, sample, false)).toThrow(
      /column 1 "Contact" holds email addresses; nothing was sent. Add --map "Contact=email"/,
    );
  });

  it("refuses a campaign import without an email column, and accepts it for a list", () => {
    const plan = planColumns(["Company", "First Name"]);
    const names = [["Acme", "Ann"]];
    expect(() => requireEmailColumn(plan, names, true)).toThrow(/campaign leads need one/);
    expect(() => requireEmailColumn(plan, names, false)).not.toThrow();
  });

  it("accepts a plan with an email column", () => {
    expect(() =>
      requireEmailColumn(planColumns(["E-mail", "Contact"]), sample, true),
    ).not.toThrow();
  });
});
