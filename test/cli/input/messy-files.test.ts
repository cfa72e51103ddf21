import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeMapping } from "../../../src/cli/input/columns.js";
import { CliInputError } from "../../../src/cli/errors.js";
import type { InputRow } from "../../../src/cli/input/input-row.js";
import type { InputSpec } from "../../../src/cli/input/input-spec.js";
import { openInput } from "../../../src/cli/input/open-input.js";
import { skippedLinesNote } from "../../../src/cli/input/skipped-lines.js";
import { tempFolder } from "../support/run-cli.js";

// The corpus: files written for these tests, each modelled on the export a tool or a person makes.
const folder = fileURLToPath(new URL("./messy-files/", import.meta.url));

function noStdin(): NodeJS.ReadableStream {
  const stream = new PassThrough();
  stream.end();
  return stream;
}

async function read(name: string, spec: Omit<InputSpec, "path"> = {}) {
  const input = await openInput({ path: `${folder}${name}`, ...spec }, noStdin());
  const rows: InputRow[] = [];
  for await (const row of input.rows) rows.push(row);
  const plan = input.mapping;
  const fields: Record<string, string> = {};
  plan?.columns.forEach((column, at) => {
    const header = plan.header[at] ?? "";
    if (column.kind === "field") fields[column.field] = header;
    if (column.kind === "name") fields.first_name = fields.last_name = `${header} (split)`;
  });
  const said = [...input.notices, plan === undefined ? "" : describeMapping(plan)].join("\n");
  return { rows, fields, said, closing: skippedLinesNote(input) ?? "" };
}

let temp: Awaited<ReturnType<typeof tempFolder>>;
beforeAll(async () => {
  temp = await tempFolder();
});
afterAll(() => temp.remove());

const leadOf = (row: InputRow | undefined) => (row !== undefined && "lead" in row ? row.lead : row);

describe("the messy-file corpus", () => {
  it.each([
    {
      file: "mailchimp-merge-tags.csv",
      fields: {
        email: "EMAIL",
        first_name: "FNAME",
        last_name: "LNAME",
        phone: "PHONE",
        company_name: "COMPANY",
      },
      lead: {
        email: "ann@example.com",
        first_name: "Ann",
        last_name: "Archer",
        company_name: "Acme",
      },
    },
    {
      file: "mailchimp-unsubscribed.csv",
      fields: { email: "Email Address", first_name: "First Name", last_name: "Last Name" },
      lead: {
        custom_variables: expect.objectContaining({
          UNSUB_REASON: "No longer interested",
          "UNSUB_REASON (2)": "N/A",
          "UNSUB_CAMPAIGN_ID (2)": "d4e5f6",
        }),
      },
      said: /column 12 repeats the header "UNSUB_REASON": it is read as "UNSUB_REASON \(2\)"/,
    },
    {
      file: "google-ads-lead-form.csv",
      fields: {
        email: "User Email",
        phone: "User Phone",
        first_name: "Full Name (split)",
        last_name: "Full Name (split)",
      },
      lead: {
        email: "dana@example.com",
        first_name: "Dana",
        last_name: "Diaz",
        phone: "+15550101",
      },
      said: /first_name +<- "Full Name" \(split: the first word\)/,
    },
    {
      file: "meta-lead-ads.tsv",
      fields: {
        email: "email",
        phone: "phone_number",
        company_name: "company_name",
        job_title: "job_title",
        first_name: "full_name (split)",
        last_name: "full_name (split)",
      },
      lead: { email: "fran@example.com", first_name: "Francesca", last_name: "Ferri" },
      said: /Reading the input as utf-16le \(from its byte-order mark\)/,
    },
    {
      file: "linkedin-lead-gen.csv",
      fields: {
        email: "Email address",
        first_name: "First Name",
        last_name: "Last Name",
        phone: "Phone number",
        company_name: "Company name",
        job_title: "Job title",
      },
      lead: { email: "hana@example.com", first_name: "Hana" },
    },
    {
      file: "zoho-leads.csv",
      fields: {
        email: "Email",
        company_name: "Company",
        job_title: "Designation",
        phone: "Mobile",
        website: "Website",
        first_name: "Lead Name (split)",
        last_name: "Lead Name (split)",
      },
      lead: { first_name: "Ivan", last_name: "Ivanov", job_title: "CTO" },
    },
    {
      file: "pipedrive-persons.csv",
      fields: {
        email: "Person - Email",
        phone: "Person - Phone",
        company_name: "Person - Organization",
        first_name: "Person - Name (split)",
        last_name: "Person - Name (split)",
      },
      lead: { first_name: "Jo", last_name: "Jensen" },
    },
    {
      file: "close-leads.csv",
      fields: {
        email: "primary_contact_primary_email",
        phone: "primary_contact_primary_phone",
        job_title: "primary_contact_title",
        first_name: "primary_contact_name (split)",
        last_name: "primary_contact_name (split)",
      },
      lead: { email: "kiran@kappa.example", first_name: "Kiran", last_name: "Kaur" },
    },
    {
      file: "salesloft-people.csv",
      fields: {
        email: "Email Address",
        first_name: "First Name",
        last_name: "Last Name",
        job_title: "Title",
        company_name: "Person Company Name",
        website: "Person Company Website",
        phone: "Mobile Phone",
      },
      lead: { company_name: "Lund AB" },
    },
    {
      file: "outreach-prospects.csv",
      fields: {
        email: "Emails",
        first_name: "First Name",
        last_name: "Last Name",
        job_title: "Title",
        company_name: "Company",
        phone: "Work Phones",
      },
      lead: { email: "max@example.de" },
    },
    {
      file: "french-excel.csv",
      fields: {
        first_name: "Prénom",
        last_name: "Nom",
        email: "E-mail",
        phone: "Téléphone",
        company_name: "Société",
        job_title: "Poste",
      },
      lead: { first_name: "Noé", last_name: "Lefèvre", company_name: "Café Crème SARL" },
      said: /windows-1252/,
    },
    {
      file: "french-nom-only.csv",
      fields: { email: "Adresse e-mail", first_name: "Nom (split)", last_name: "Nom (split)" },
      lead: { first_name: "Élodie", last_name: "Martin" },
    },
    {
      file: "german-sheet.csv",
      fields: {
        first_name: "Vorname",
        last_name: "Nachname",
        email: "E-Mail-Adresse",
        phone: "Telefonnummer",
        company_name: "Unternehmen",
        job_title: "Berufsbezeichnung",
      },
      lead: { first_name: "Jürgen", custom_variables: { Anrede: "Frau" } },
    },
    {
      file: "spanish-sheet.csv",
      fields: {
        email: "Correo electrónico",
        phone: "Teléfono",
        company_name: "Empresa",
        job_title: "Cargo",
        first_name: "Nombre completo (split)",
        last_name: "Nombre completo (split)",
      },
      lead: { first_name: "Nuria", last_name: "Núñez" },
    },
    {
      file: "portuguese-sheet.csv",
      fields: {
        first_name: "Nome",
        last_name: "Sobrenome",
        email: "E-mail",
        phone: "Telefone",
        company_name: "Empresa",
        job_title: "Cargo",
      },
      lead: { first_name: "João", last_name: "Gonçalves" },
    },
    {
      file: "italian-sheet.csv",
      fields: {
        first_name: "Nome",
        last_name: "Cognome",
        email: "Indirizzo email",
        phone: "Telefono",
        company_name: "Azienda",
        job_title: "Ruolo",
      },
      lead: { last_name: "Bianchi" },
    },
    {
      file: "dutch-sheet.csv",
      fields: {
        first_name: "Voornaam",
        last_name: "Achternaam",
        email: "E-mailadres",
        phone: "Telefoonnummer",
        company_name: "Bedrijfsnaam",
        job_title: "Functie",
      },
      lead: { last_name: "de Vries" },
    },
    {
      file: "empty-lines-before-header.csv",
      fields: {
        email: "Email",
        first_name: "First Name",
        last_name: "Last Name",
        company_name: "Company",
        phone: "Phone",
      },
      lead: { email: "rob@example.com" },
      said: /The header is on line 3: the 2 empty lines before it were skipped/,
    },
    {
      file: "quotes-in-unquoted-cells.csv",
      fields: { email: "Email" },
      lead: {
        custom_variables: { Coordinates: `38°42'49.6"N 9°08'21.8"W`, Height: `5'11"` },
      },
    },
    {
      file: "stray-nul.csv",
      fields: { email: "Email", first_name: "First Name" },
      lead: { first_name: "Teo", custom_variables: { Notes: "bad\0export" } },
    },
  ])("reads $file", async ({ file, fields, lead, said }) => {
    const result = await read(file);
    expect(result.fields).toEqual(fields);
    expect(leadOf(result.rows[0])).toMatchObject(lead);
    expect(result.rows.every((row) => "lead" in row)).toBe(true);
    if (said !== undefined) expect(result.said).toMatch(said);
  });

  it("skips a Salesforce report's footer and counts it in a closing line", async () => {
    const { rows, closing } = await read("salesforce-report.csv");
    expect(rows.map((row) => leadOf(row))).toEqual([
      expect.objectContaining({ email: "olga@example.com" }),
      expect.objectContaining({ email: "pat@example.com" }),
      expect.objectContaining({ email: "quinn@example.com" }),
    ]);
    expect(closing).toContain(
      '3 lines after the table (lines 6-9, from "Grand Totals (3 records)") were skipped as a report footer',
    );
  });

  it("keeps values --typed-columns cannot send unchanged as text", async () => {
    const { rows } = await read("typed-columns.csv", { typedColumns: true });
    expect(leadOf(rows[0])).toEqual({
      email: "uma@example.com",
      custom_variables: {
        "Account ID": "12345678901234567890",
        Zip: "02134",
        Seats: 12,
        Price: "1.50",
        Ratio: 0.25,
        Trial: true,
      },
    });
  });

  it.each([
    ["unterminated-quote.csv", 3, /a quote opens here and is never closed/],
    ["text-after-closing-quote.csv", 3, /text after the closing quote of cell 2/],
  ])("refuses %s before any row, naming line %i", async (file, line, message) => {
    const reading = read(file);
    await expect(reading).rejects.toBeInstanceOf(CliInputError);
    await expect(read(file)).rejects.toThrow(new RegExp(`${file} line ${line}: ${message.source}`));
  });

  it.each([
    ["an unclosed quote", '"never closed', /line 153: a quote opens here and is never closed/],
    ["text after a closing quote", '"Win"ter', /line 153: text after the closing quote of cell 2/],
  ])(
    "without the pre-pass, stops at %s past the sample, after the rows before it",
    async (_name, cell, message) => {
      const good = Array.from({ length: 150 }, (_, at) => `r${at}@example.com,R${at},fine`);
      const text = [
        "Email,First Name,Notes",
        ...good,
        "",
        `win@example.com,${cell},x`,
        "a@b.example,A,x",
        "",
      ];
      const path = await temp.file("broken-late.csv", text.join("\n"));
      const input = await openInput({ path, precheck: false }, noStdin());
      let read = 0;
      const reading = (async () => {
        for await (const _row of input.rows) read += 1;
      })();
      await expect(reading).rejects.toThrow(message);
      expect(read).toBe(150);
      // With the pre-pass, nothing is handed out.
      await expect(openInput({ path }, noStdin())).rejects.toThrow(message);
    },
  );

  it("keeps a full-name column whole with --no-split-name", async () => {
    const { fields, rows } = await read("google-ads-lead-form.csv", {
      mapping: { splitName: false },
    });
    expect(fields).toEqual({ email: "User Email", phone: "User Phone" });
    expect(leadOf(rows[0])).toMatchObject({ custom_variables: { "Full Name": "Dana Diaz" } });
  });
});
