import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../src/cli/main.js";
import { startFakeInstantly } from "../src/testing/index.js";

// npm run demo: the CLI's import of the shipped sample into a fake Instantly started here, with
// a blocklisted domain; no key, no network. The sample has invalid, duplicate, blocklisted and
// malformed rows on purpose, so the CLI exits 1 (some rows rejected) when all went as expected.

const CAMPAIGN = "019e0e3e-b690-71a9-b399-fbf49894dded";
const fake = await startFakeInstantly({
  campaigns: [CAMPAIGN],
  blocklist: ["@blocked.example"],
  // A little latency so the progress display has something to show.
  latencyMs: 100,
});
try {
  const report = join(await mkdtemp(join(tmpdir(), "instantly-demo-")), "report.json");
  const args = ["import", "examples/leads.csv", "--campaign-id", CAMPAIGN, "--batch-size", "200"];
  console.log(`$ INSTANTLY_API_KEY=*** instantly-client ${args.join(" ")} --report ${report}\n`);
  const code = await main([...args, "--base-url", fake.url, "--report", report], {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: { ...process.env, INSTANTLY_API_KEY: fake.apiKey },
  });
  const { totals } = fake.state;
  console.log(
    `\nCLI exit code ${code}. The fake workspace now holds ${fake.state.leads.length} leads ` +
      `(${totals.leads_uploaded} uploaded by ${fake.state.requests} requests). Report: ${report}`,
  );
  process.exitCode = code === 1 && fake.state.leads.length === totals.leads_uploaded ? 0 : 1;
} finally {
  await fake.close();
}
