import { execFile } from "node:child_process";
import { access, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Packs the repository as npm would publish it, installs the tarball into a fresh consumer
// project and uses it from there: types, the library and the fake server, and the bin. npm pack
// runs in a copy of the work tree, so its prepack build never writes dist/ into the checkout.

const run = promisify(execFile);
const REPO = fileURLToPath(new URL("../..", import.meta.url));
const TSC = join(REPO, "node_modules", ".bin", "tsc");
const CAMPAIGN = "019e0e3e-b690-71a9-b399-fbf49894dded";
const SLOW = 180_000;

// npm run sets npm_* variables (prefix, lifecycle) that must not leak into the nested npm calls.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_")),
);

let folder: string;
let consumer: string;
let packed: string[];

/** A copy of the files git would commit (tracked, or new and not ignored), sharing node_modules. */
async function stageRepo(into: string): Promise<string> {
  const { stdout } = await run(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: REPO,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const files = [...new Set(stdout.split("\0").filter((file) => file !== ""))];
  for (const file of files) {
    await mkdir(dirname(join(into, file)), { recursive: true });
    // A tracked file deleted in the work tree is not part of what would be published.
    await copyFile(join(REPO, file), join(into, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
  }
  await symlink(join(REPO, "node_modules"), join(into, "node_modules"), "dir");
  return into;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "pack-test-"));
  const stage = await stageRepo(join(folder, "repo"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", folder], {
    cwd: stage,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [result] = JSON.parse(stdout.slice(stdout.indexOf("["))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  if (result === undefined) throw new Error("npm pack printed no result");
  packed = result.files.map((file) => file.path);
  consumer = join(folder, "consumer");
  await mkdir(consumer);
  await writeFile(
    join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await run(
    "npm",
    ["install", join(folder, result.filename), "--no-audit", "--no-fund", "--prefer-offline"],
    { cwd: consumer, env },
  );
}, SLOW);

afterAll(async () => {
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("ships the build, the bin and the manifest, and no sources, tests or tooling", () => {
    const allowed = /^(dist\/|bin\/|package\.json$|README(\.md)?$|LICENSE(\.md)?$)/;
    expect(packed.filter((path) => !allowed.test(path))).toEqual([]);
    expect(packed).toEqual(
      expect.arrayContaining([
        "bin/instantly-client.js",
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/testing/index.js",
        "dist/src/testing/index.d.ts",
        "dist/src/cli/main.js",
        "dist/generated/constraints.gen.js",
      ]),
    );
    expect(
      packed.some((path) => /\.test\.|^test\/|^src\/|^codegen\/|^scripts\/|^spec\//.test(path)),
    ).toBe(false);
  });
});

// The checks below only read the installed package, so they run at once.
describe.concurrent("the installed package", () => {
  it(
    "type-checks a consumer of both entry points",
    async () => {
      await writeFile(
        join(consumer, "use.ts"),
        [
          'import { bulkAddLeadsSpec, createInstantlyClient, importLeads, type BulkAddLeadsLead, type ImportReport } from "instantly-client";',
          'import { startFakeInstantly, type FakeInstantly } from "instantly-client/testing";',
          "const fake: FakeInstantly = await startFakeInstantly();",
          "const client = createInstantlyClient({ apiKey: fake.apiKey, baseUrl: fake.url });",
          `const report: ImportReport = await importLeads(client, { campaign_id: "${CAMPAIGN}" }, [{ email: "a@x.example" }]);`,
          "const max: 1000 = bulkAddLeadsSpec.arrays.leads.maxItems;",
          "// @ts-expect-error a lead field the spec does not have",
          'const lead: BulkAddLeadsLead = { email: "a@x.example", nickname: "A" };',
          "console.log(report.totals.leads_uploaded, max, lead);",
          "await fake.close();",
        ].join("\n"),
      );
      await writeFile(
        join(consumer, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            noEmit: true,
            types: ["node"],
            typeRoots: [join(REPO, "node_modules", "@types")],
          },
          files: ["use.ts"],
        }),
      );
      await expect(
        run(TSC, ["-p", "tsconfig.json"], { cwd: consumer, env }),
      ).resolves.toBeDefined();
    },
    SLOW,
  );

  it(
    "type-checks both entry points under moduleResolution node (typesVersions)",
    async () => {
      await writeFile(
        join(consumer, "use-node10.ts"),
        [
          'import { createInstantlyClient, type ImportReport } from "instantly-client";',
          'import { startFakeInstantly, type FakeInstantly } from "instantly-client/testing";',
          "export const start: () => Promise<FakeInstantly> = startFakeInstantly;",
          "export const create = createInstantlyClient;",
          "export type Report = ImportReport;",
        ].join("\n"),
      );
      await writeFile(
        join(consumer, "tsconfig.node10.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "ES2022",
            moduleResolution: "node",
            strict: true,
            noEmit: true,
            skipLibCheck: true,
            types: ["node"],
            typeRoots: [join(REPO, "node_modules", "@types")],
          },
          files: ["use-node10.ts"],
        }),
      );
      await expect(
        run(TSC, ["-p", "tsconfig.node10.json"], { cwd: consumer, env }),
      ).resolves.toBeDefined();
    },
    SLOW,
  );

  it(
    "imports leads through the fake server from plain ESM",
    async () => {
      await writeFile(
        join(consumer, "use.mjs"),
        [
          'import { createInstantlyClient, importLeads } from "instantly-client";',
          'import { startFakeInstantly } from "instantly-client/testing";',
          "const fake = await startFakeInstantly();",
          "const client = createInstantlyClient({ apiKey: fake.apiKey, baseUrl: fake.url });",
          `const leads = [{ email: "a@x.example" }, { email: "b@x.example" }];`,
          `const report = await importLeads(client, { campaign_id: "${CAMPAIGN}" }, leads);`,
          "console.log(JSON.stringify({ uploaded: report.totals.leads_uploaded, stored: fake.state.leads.length }));",
          "await fake.close();",
        ].join("\n"),
      );
      const { stdout } = await run(process.execPath, ["use.mjs"], { cwd: consumer, env });
      expect(JSON.parse(stdout)).toEqual({ uploaded: 2, stored: 2 });
    },
    SLOW,
  );

  it(
    "runs the bin from the build: --help and a dry run",
    async () => {
      const bin = join(consumer, "node_modules", ".bin", "instantly-client");
      const help = await run(bin, ["import", "--help"], { cwd: consumer, env });
      expect(help.stdout).toContain("Usage: instantly-client import [options] <file>");
      await writeFile(join(consumer, "leads.csv"), "Email,First Name\na@x.example,Ann\n");
      const dry = await run(bin, ["import", "leads.csv", "--campaign-id", CAMPAIGN, "--dry-run"], {
        cwd: consumer,
        env: { ...env, NO_COLOR: "1" },
      });
      expect(dry.stdout).toMatch(/^\s+valid\s+1$/m);
    },
    SLOW,
  );

  it(
    "installs without exceljs (an optional peer), and says how to add it for an .xlsx",
    async () => {
      await expect(access(join(consumer, "node_modules", "exceljs"))).rejects.toThrow();
      const bin = join(consumer, "node_modules", ".bin", "instantly-client");
      await writeFile(join(consumer, "leads.xlsx"), Buffer.from("504b030414000000", "hex"));
      const refused = run(bin, ["import", "leads.xlsx", "--campaign-id", CAMPAIGN, "--dry-run"], {
        cwd: consumer,
        env: { ...env, NO_COLOR: "1" },
      });
      await expect(refused).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining(
          "reading .xlsx needs the exceljs package, which is not installed",
        ),
      });
    },
    SLOW,
  );
});
