import { Command, InvalidArgumentError } from "commander";
import { bulkAddLeadsSpec } from "../generated/constraints.gen.js";
import { startFakeInstantly } from "../src/testing/index.js";

const program = new Command("fake-server")
  .description("Runs the fake Instantly API (POST /api/v2/leads/add) on 127.0.0.1 until Ctrl-C.")
  .option("--port <port>", "port to listen on", parsePort, 4010)
  .option("--api-key <key>", "the bearer key the server accepts", "test-key")
  .option("--unpaid", "answer 402 as a workspace without a paid plan")
  .option("--no-rate-limit", "turn off the documented 100/s and 6000/min limits")
  .parse();

const options = program.opts<{
  port: number;
  apiKey: string;
  unpaid?: boolean;
  rateLimit: boolean;
}>();

const fake = await startFakeInstantly({
  port: options.port,
  apiKey: options.apiKey,
  paid: options.unpaid !== true,
  ...(options.rateLimit ? {} : { rateLimit: false }),
});
const example = JSON.stringify({
  campaign_id: "019e0e3e-b690-71a9-b399-fbf49894dded",
  leads: [{ email: "ada@example.com", first_name: "Ada" }],
});
console.log(`Fake Instantly API listening on ${fake.url}`);
console.log(`API key: ${fake.apiKey}`);
console.log("Try:");
console.log(
  `  curl -s -X ${bulkAddLeadsSpec.method} ${fake.url}${bulkAddLeadsSpec.path} ` +
    `-H 'Authorization: Bearer ${fake.apiKey}' -H 'Content-Type: application/json' -d '${example}'`,
);
console.log("Ctrl-C to stop.");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    const { requests, applied, leads } = fake.state;
    void fake.close().then(() => {
      console.log(
        `Stopped after ${requests} request(s), ${applied} applied, ${leads.length} lead(s).`,
      );
      process.exit(0);
    });
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError("expected a port number from 0 to 65535");
  }
  return port;
}
