import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { CliReport } from "../../src/cli/cli-report.js";
import { CAMPAIGN, runBin, runCli, type CliRun } from "./support/run-cli.js";
import { cliTestBed } from "./support/test-bed.js";
import type { FakeInstantly, FakeInstantlyOptions } from "../../src/testing/index.js";

type WrittenReport = CliReport & {
  created_leads: Array<{ index: number; line?: number; id: string; email?: string | null }>;
};

const CANARY = "canary-4c1d-9b7e-instantly-key";
const bed = cliTestBed({ apiKey: CANARY, campaigns: [CAMPAIGN] });
const serve = (options?: FakeInstantlyOptions) => bed.serve(options);

async function importFile(
  server: FakeInstantly,
  file: string,
  extra: string[] = [],
  stdin?: string,
): Promise<CliRun> {
  const args = ["import", file, "--campaign-id", CAMPAIGN, "--base-url", server.url, ...extra];
  return runCli(args, {
    env: { INSTANTLY_API_KEY: CANARY },
    ...(stdin === undefined ? {} : { stdin }),
  });
}

async function readReport(path: string): Promise<WrittenReport> {
  return JSON.parse(await readFile(path, "utf8")) as WrittenReport;
}

describe("CSV input", () => {
  it("reads a BOM, ; delimiter, quotes, embedded newlines, empty lines and header variants", async () => {
    const server = await serve();
    const file = await bed.folder.file(
      "edge.csv",
      [
        "\uFEFFE-Mail;FIRSTNAME;last-name;Company_Name;Lt Interest Status;Plan;Seats;Notes",
        'ann@x.example;Ann;Lee;"Acme; Inc.";1;Pro;12;"line one',
        'line two"',
        "",
        'bob@x.example;Bob;;;;;;"He said ""hi"""',
        "",
      ].join("\n"),
    );
    const run = await importFile(server, file);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(server.state.leads.map((lead) => lead.lead)).toEqual([
      {
        email: "ann@x.example",
        first_name: "Ann",
        last_name: "Lee",
        company_name: "Acme; Inc.",
        lt_interest_status: 1,
        custom_variables: { Plan: "Pro", Seats: "12", Notes: "line one\nline two" },
      },
      { email: "bob@x.example", first_name: "Bob", custom_variables: { Notes: 'He said "hi"' } },
    ]);
  });

  it("sends typed custom variables with --typed-columns, and CRLF files work", async () => {
    const server = await serve();
    const file = await bed.folder.file(
      "typed.csv",
      "Email,Seats,Trial,Zip\r\nann@x.example,12,TRUE,01234\r\n",
    );
    const run = await importFile(server, file, ["--typed-columns"]);
    expect(run.code).toBe(0);
    expect(server.state.leads[0]?.lead).toEqual({
      email: "ann@x.example",
      custom_variables: { Seats: 12, Trial: true, Zip: "01234" },
    });
  });

  it("reads standard input as CSV for -", async () => {
    const server = await serve();
    const run = await importFile(server, "-", [], "Email,First Name\nann@x.example,Ann\n");
    expect(run.code).toBe(0);
    expect(server.state.leads.map((lead) => lead.lead)).toEqual([
      { email: "ann@x.example", first_name: "Ann" },
    ]);
  });
});

describe("output", () => {
  it("prints plain progress lines on a pipe, no ANSI codes with NO_COLOR, and only the result with --quiet", async () => {
    const server = await serve();
    const file = await bed.folder.file("quiet.csv", "Email\nann@x.example\n");
    const loud = await importFile(server, file);
    expect(loud.stderr).toMatch(/^rows 1\/1 \(100%\) \| /m);
    expect(loud.stdout + loud.stderr).not.toContain("\x1b[");
    const quiet = await importFile(server, file, ["--quiet"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/^Import of .*quiet\.csv into campaign_id /);
  });

  it("refuses a file with a quote never closed before sending anything, naming its line, exit 2", async () => {
    const server = await serve();
    const rows = Array.from({ length: 30 }, (_, i) => `p${i}@x.example,ok`);
    rows[20] = 'bob@x.example,"never closed';
    const file = await bed.folder.file("broken.csv", `Email,Notes\n${rows.join("\n")}\n`);
    const run = await importFile(server, file, ["--batch-size", "5"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/broken\.csv line 22: a quote opens here and is never closed/);
    expect(server.state.requests).toBe(0);
  });

  it("with --no-precheck imports the rows before broken quoting and names the line it opens on", async () => {
    const server = await serve();
    // Past the rows sampled for the mapping, which would find it before sending.
    const rows = Array.from({ length: 300 }, (_, i) => `p${i}@x.example,ok`);
    rows[250] = 'bob@x.example,"never closed';
    const file = await bed.folder.file("broken-late.csv", `Email,Notes\n${rows.join("\n")}\n`);
    const run = await importFile(server, file, ["--no-precheck", "--batch-size", "10"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/Stopped early: .*broken-late\.csv line 252: a quote opens here/);
    expect(server.state.leads.length).toBeGreaterThan(0);
    expect(server.state.leads.length).toBeLessThanOrEqual(250);
  });
});

describe("JSONL input", () => {
  it("rejects a malformed line with its line number and imports the rest", async () => {
    const server = await serve();
    const report = `${bed.folder.path}/jsonl-report.json`;
    const file = await bed.folder.file(
      "leads.jsonl",
      '{"email":"ann@x.example"}\n{"email": "broken"\n\n{"email":"cy@x.example","custom_variables":{"plan":"pro"}}\n',
    );
    const run = await importFile(server, file, ["--report", report]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^line 2: not valid JSON/m);
    expect(server.state.leads.map((lead) => lead.email)).toEqual(["ann@x.example", "cy@x.example"]);
    const written = await readReport(report);
    expect(written.rejected).toEqual([
      {
        index: 1,
        line: 2,
        row: '{"email": "broken"',
        issues: [{ index: 1, field: "", message: expect.stringMatching(/^not valid JSON/) }],
      },
    ]);
    expect(written.created_leads.map(({ index, email }) => ({ index, email }))).toEqual([
      { index: 0, email: "ann@x.example" },
      { index: 2, email: "cy@x.example" },
    ]);
  });

  it("reads standard input with --format jsonl", async () => {
    const server = await serve();
    const run = await importFile(server, "-", ["--format", "jsonl"], '{"email":"ann@x.example"}\n');
    expect(run.code).toBe(0);
    expect(server.state.leads.map((lead) => lead.email)).toEqual(["ann@x.example"]);
  });
});

describe("--dry-run", () => {
  it("validates everything, lists every rejected line and sends nothing, without a key", async () => {
    const server = await serve();
    const file = await bed.folder.file(
      "dry.csv",
      "Email,First Name,LT Interest Status\nann@x.example,Ann,1\n,Bob,\ncy@x.example,Cy,7\ndi@x.example,Di\n",
    );
    const run = await runCli([
      "import",
      file,
      "--campaign-id",
      CAMPAIGN,
      "--base-url",
      server.url,
      "--dry-run",
    ]);
    expect(run.code).toBe(1);
    expect(server.state.requests).toBe(0);
    expect(run.stdout).toContain("nothing was sent");
    expect(run.stdout).toMatch(/^\s+rows\s+4$/m);
    expect(run.stdout).toMatch(/^\s+valid\s+1$/m);
    expect(run.stdout).toMatch(/^\s+rejected\s+3$/m);
    expect(run.stdout).toMatch(/^\s+batches\s+1$/m);
    expect(run.stdout).toMatch(/^line 3, email: /m);
    expect(run.stdout).toMatch(/^line 4, lt_interest_status: /m);
    expect(run.stdout).toMatch(/^line 5: has 2 fields where the header has 3$/m);
  });

  it("warns of repeated emails and addresses the API will count invalid, and exits 1", async () => {
    const file = await bed.folder.file(
      "dry-warnings.csv",
      [
        "Email,First Name",
        "ann@x.example,Ann",
        "bob@x,Bob",
        ",Nobody",
        " ANN@x.example ,Ann again",
        "cy@x.example,Cy",
        "bob@x,Bob again",
        "",
      ].join("\n"),
    );
    const report = `${bed.folder.path}/dry-warnings.json`;
    const run = await runCli([
      "import",
      file,
      "--list-id",
      CAMPAIGN,
      "--dry-run",
      "--report",
      report,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\s+rows\s+6$/m);
    expect(run.stdout).toMatch(/^\s+valid\s+6$/m);
    expect(run.stdout).toMatch(/^\s+rejected\s+0$/m);
    expect(run.stdout).toMatch(/^\s+warnings\s+4$/m);
    const invalid = 'the API will count "bob@x" invalid: its domain has no dot';
    expect(run.stdout.split("\n").filter((line) => line.startsWith("line "))).toEqual([
      `line 3, email: ${invalid}`,
      "line 5, email: repeats line 2",
      `line 7, email: ${invalid}`,
      "line 7, email: repeats line 3",
    ]);
    expect((await readReport(report)).warnings).toEqual([
      { index: 1, line: 3, field: "email", message: invalid },
      { index: 3, line: 5, field: "email", message: "repeats line 2" },
      { index: 5, line: 7, field: "email", message: invalid },
      { index: 5, line: 7, field: "email", message: "repeats line 3" },
    ]);
  });

  it("compares only rows a real run would send: a rejected row is no first sight", async () => {
    const file = await bed.folder.file(
      "dry-rejected-first.csv",
      "Email,LT Interest Status\nann@x.example,7\nann@x.example,1\n",
    );
    const run = await runCli(["import", file, "--list-id", CAMPAIGN, "--dry-run"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^\s+rejected\s+1$/m);
    expect(run.stdout).toMatch(/^\s+warnings\s+0$/m);
  });

  it("exits 0 for a clean file", async () => {
    const file = await bed.folder.file("dry-clean.csv", "Email\nann@x.example\n");
    const run = await runCli(["import", file, "--list-id", CAMPAIGN, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+valid\s+1$/m);
  });
});

describe("--report", () => {
  it("carries line numbers and original rows of rejected and failed rows, and input indices", async () => {
    const server = await serve({ faults: { 1: { kind: "status", status: 503 } } });
    const file = await bed.folder.file(
      "report.csv",
      'Email,Notes\nann@x.example,"a,\nb"\nbob@x.example,b\n,no email\ncy@x.example,c\n',
    );
    const report = `${bed.folder.path}/report.json`;
    const run = await importFile(server, file, [
      "--batch-size",
      "2",
      "--max-retries",
      "0",
      "--report",
      report,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^lines 2-4: 2 rows failed \(503\)/m);
    const written = await readReport(report);
    expect(written).toMatchObject({ input_count: 4, stopped: null, resumed: 0 });
    expect(written.failed).toEqual([
      expect.objectContaining({
        indices: [0, 1],
        status: 503,
        rows: [
          { index: 0, line: 2, row: 'ann@x.example,"a,\nb"' },
          { index: 1, line: 4, row: "bob@x.example,b" },
        ],
      }),
    ]);
    expect(written.rejected).toEqual([
      {
        index: 2,
        line: 5,
        row: ",no email",
        issues: [{ index: 2, field: "email", message: expect.any(String) }],
      },
    ]);
    // Created rows carry their line too, so ids join back to rows even with multi-line cells.
    expect(written.created_leads).toEqual([
      expect.objectContaining({ index: 3, line: 6, email: "cy@x.example" }),
    ]);
    expect(written.totals).toMatchObject({ total_sent: 1, leads_uploaded: 1 });
    expect(written.batches).toMatchObject({ sent: 2, accepted: 1, failed: 1 });
  });

  it.each([["without a journal"], ["with a journal"]])(
    "lists the rows sent and not created, with their line and why, %s",
    async (how) => {
      const server = await serve({ blocklist: ["@blocked.example"] });
      const file = await bed.folder.file(
        "not-created.csv",
        "Email\nann@x.example\nbob@blocked.example\nnot an email\n",
      );
      const report = `${bed.folder.path}/not-created.json`;
      const journal =
        how === "with a journal" ? ["--journal", `${bed.folder.path}/nc.journal`] : [];
      expect((await importFile(server, file, ["--report", report, ...journal])).code).toBe(1);
      const written = (await readReport(report)) as WrittenReport & { not_created: unknown[] };
      expect(written.not_created).toEqual([
        { index: 1, line: 3, cause: "counters", message: expect.stringMatching(/blocklist/) },
        { index: 2, line: 4, cause: "invalid_email", message: expect.stringMatching(/invalid/) },
      ]);
    },
  );
});

describe("exit codes", () => {
  const one = "Email\nann@x.example\n";
  it.each<{
    name: string;
    options: FakeInstantlyOptions;
    content: string;
    extra: string[];
    code: number;
    output: RegExp;
  }>([
    {
      name: "every row accepted",
      options: {},
      content: "Email\nann@x.example\nbob@x.example\n",
      extra: [],
      code: 0,
      output: /leads uploaded\s+2/,
    },
    {
      name: "a rejected row",
      options: {},
      content: "Email,LT Interest Status\nann@x.example,1\nbob@x.example,99\n",
      extra: [],
      code: 1,
      output: /rejected rows\s+1/,
    },
    {
      name: "a failed batch",
      options: { faults: { 1: { kind: "status", status: 500 } } },
      content: one,
      extra: ["--max-retries", "0"],
      code: 1,
      output: /failed rows\s+1/,
    },
    {
      name: "a wrong key (401)",
      options: { apiKey: "another-key-entirely" },
      content: one,
      extra: [],
      code: 2,
      output: /refused the import: .*401|Unauthorized/,
    },
    {
      name: "an unknown campaign (404)",
      options: { campaigns: [], lists: [CAMPAIGN.replace("d", "e")] },
      content: one,
      extra: [],
      code: 2,
      output: /no campaign named or with the id '.*' in this workspace/,
    },
    {
      name: "an unknown campaign without preflight (404)",
      options: { campaigns: [], lists: [CAMPAIGN.replace("d", "e")] },
      content: one,
      extra: ["--no-preflight"],
      code: 2,
      output: /refused the import/,
    },
    {
      name: "a forbidden key or client (403)",
      options: { faults: { 1: { kind: "status", status: 403 } } },
      content: one,
      extra: [],
      code: 2,
      output: /refused the import/,
    },
    {
      name: "no paid plan (402)",
      options: { paid: false },
      content: one,
      extra: [],
      code: 2,
      output: /could not check the campaign: Instantly API 402/,
    },
  ])("$name -> $code", async ({ name, options, content, extra, code, output }) => {
    const server = await serve(options);
    const file = await bed.folder.file(`exit-${name.replaceAll(/\W/g, "-")}.csv`, content);
    const run = await importFile(server, file, extra);
    expect(run.code).toBe(code);
    expect(run.stdout + run.stderr).toMatch(output);
  });
});

describe("the API key", () => {
  it("never appears in stdout, stderr or the report, on success or on refusal", async () => {
    const file = await bed.folder.file(
      "key.csv",
      "Email,LT Interest Status\nann@x.example,1\nbob@x.example,99\n",
    );
    for (const apiKey of [CANARY, "the-server-wants-another-key"]) {
      const server = await serve({ apiKey });
      const report = `${bed.folder.path}/key-report.json`;
      const run = await importFile(server, file, ["--report", report]);
      expect(run.code).toBe(apiKey === CANARY ? 1 : 2);
      const everything = run.stdout + run.stderr + (await readFile(report, "utf8"));
      expect(everything).not.toContain(CANARY);
      await server.close();
    }
  });

  it("is read from --api-key-file", async () => {
    const server = await serve();
    const file = await bed.folder.file("keyfile.csv", "Email\nann@x.example\n");
    const keyFile = await bed.folder.file("key.txt", `${CANARY}\n`);
    const args = [
      "import",
      file,
      "--campaign-id",
      CAMPAIGN,
      "--base-url",
      server.url,
      "--api-key-file",
      keyFile,
    ];
    // Through the bin, as a process: the key read from a file never reaches the real streams.
    const run = await runBin(args);
    expect(run.code).toBe(0);
    expect(run.stdout + run.stderr).not.toContain(CANARY);
  });
});

describe("limits the server does not state", () => {
  it("prints and reports the rows the server refuses and the body limit it taught, exit 1", async () => {
    const server = await serve({ leadRule: { matches: "_" }, maxBodyBytes: 4_000 });
    const rows = Array.from({ length: 200 }, (_, i) =>
      i === 17 || i === 150 ? `r${i}@sub_domain.example,R${i}` : `r${i}@x.example,R${i}`,
    );
    const file = await bed.folder.file("limits.csv", ["email,first_name", ...rows].join("\n"));
    const report = `${bed.folder.path}/limits.json`;
    const run = await importFile(server, file, ["--report", report, "--quiet"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("line 19: refused by the server (400): ");
    expect(run.stderr).toContain("body/leads/0/email is not valid");
    expect(run.stdout).toMatch(/^\s+refused rows\s+2$/m);
    expect(run.stdout).toMatch(/batches were cut to [\d,]+ bytes/);
    const written = (await readReport(report)) as unknown as CliReport;
    expect(written.refused.map((row) => [row.line, row.row, row.status])).toEqual([
      [19, "r17@sub_domain.example,R17", 400],
      [152, "r150@sub_domain.example,R150", 400],
    ]);
    expect(written.body_limit_bytes).toBeGreaterThan(2_000);
    expect(server.state.leads).toHaveLength(198);
  });
});
