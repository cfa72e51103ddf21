import { describe, expect, it } from "vitest";
import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";
import { normalizeHeader, planColumns } from "../../../src/cli/input/columns.js";
import { HEADER_ALIASES } from "../../../src/cli/input/header-aliases.js";

// Header rows as each tool exports them (abridged), and the lead fields they must fill.
const EXPORTS: ReadonlyArray<{
  tool: string;
  header: string[];
  fields: Record<string, string>;
}> = [
  {
    tool: "HubSpot contacts",
    header: [
      "Record ID",
      "First Name",
      "Last Name",
      "Email",
      "Phone Number",
      "Company Name",
      "Job Title",
      "Website URL",
      "Lifecycle Stage",
      "Contact owner",
    ],
    fields: {
      first_name: "First Name",
      last_name: "Last Name",
      email: "Email",
      phone: "Phone Number",
      company_name: "Company Name",
      job_title: "Job Title",
      website: "Website URL",
    },
  },
  {
    tool: "Salesforce leads report",
    header: [
      "First Name",
      "Last Name",
      "Title",
      "Company / Account",
      "Email",
      "Phone",
      "Lead Owner",
    ],
    fields: {
      first_name: "First Name",
      last_name: "Last Name",
      job_title: "Title",
      company_name: "Company / Account",
      email: "Email",
      phone: "Phone",
    },
  },
  {
    tool: "Apollo people",
    header: [
      "First Name",
      "Last Name",
      "Title",
      "Company",
      "Company Name for Emails",
      "Email",
      "Email Status",
      "Seniority",
      "Work Direct Phone",
      "Mobile Phone",
      "Corporate Phone",
      "Person Linkedin Url",
      "Website",
      "City",
    ],
    fields: {
      first_name: "First Name",
      last_name: "Last Name",
      job_title: "Title",
      company_name: "Company",
      email: "Email",
      phone: "Work Direct Phone",
      website: "Website",
    },
  },
  {
    tool: "lemlist",
    header: [
      "email",
      "firstName",
      "lastName",
      "companyName",
      "jobTitle",
      "phone",
      "icebreaker",
      "linkedinUrl",
    ],
    fields: {
      email: "email",
      first_name: "firstName",
      last_name: "lastName",
      company_name: "companyName",
      job_title: "jobTitle",
      phone: "phone",
      personalization: "icebreaker",
    },
  },
  {
    tool: "Pipedrive persons",
    header: [
      "Person - Name",
      "Person - First name",
      "Person - Last name",
      "Person - Email - Work",
      "Person - Phone - Work",
      "Person - Organization",
      "Person - Job title",
    ],
    fields: {
      first_name: "Person - First name",
      last_name: "Person - Last name",
      email: "Person - Email - Work",
      phone: "Person - Phone - Work",
      company_name: "Person - Organization",
      job_title: "Person - Job title",
    },
  },
  {
    tool: "Sales Navigator export (Evaboot / PhantomBuster)",
    header: [
      "First Name",
      "Last Name",
      "Email",
      "Email Status",
      "Current Job Title",
      "Current Company",
      "Company Website",
      "LinkedIn URL",
    ],
    fields: {
      first_name: "First Name",
      last_name: "Last Name",
      email: "Email",
      job_title: "Current Job Title",
      company_name: "Current Company",
      website: "Company Website",
    },
  },
  {
    tool: "Google Sheets / Excel template",
    header: ["Name", "E-mail", "Phone Number", "Company", "Title", "Notes"],
    fields: {
      email: "E-mail",
      phone: "Phone Number",
      company_name: "Company",
      job_title: "Title",
    },
  },
  {
    tool: "German Excel sheet",
    header: ["Anrede", "Vorname", "Nachname", "E-Mail", "Firma", "Telefon"],
    fields: {
      first_name: "Vorname",
      last_name: "Nachname",
      email: "E-Mail",
      company_name: "Firma",
      phone: "Telefon",
    },
  },
];

describe("HEADER_ALIASES", () => {
  const leadFields: readonly string[] = bulkAddLeadsSpec.arrays.leads.itemProperties;

  it("names only lead fields of the spec", () => {
    for (const field of Object.keys(HEADER_ALIASES)) expect(leadFields).toContain(field);
  });

  it("gives every name to one field only, and never another field's own name", () => {
    const ownNames = new Map(leadFields.map((field) => [normalizeHeader(field), field]));
    const keys = Object.entries(HEADER_ALIASES).flatMap(([field, names]) =>
      names.map((name) => {
        const owner = ownNames.get(normalizeHeader(name));
        expect(owner === undefined || owner === field, `${name} (${field}) is ${owner}`).toBe(true);
        return normalizeHeader(name);
      }),
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("the mapping of real export layouts", () => {
  it.each(EXPORTS)("maps the $tool header", ({ header, fields }) => {
    const plan = planColumns(header);
    const mapped = Object.fromEntries(
      plan.columns.flatMap((column, at) =>
        column.kind === "field" ? [[column.field, header[at]] as const] : [],
      ),
    );
    expect(mapped).toEqual(fields);
    // Every other column stays a custom variable under its own header (the default `all`).
    const custom = plan.columns.flatMap((column) =>
      column.kind === "custom" ? [column.name] : [],
    );
    expect(custom).toEqual(header.filter((name) => !Object.values(fields).includes(name)));
  });
});
