import { spawn, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { CAMPAIGN_ID, freePort, postLeads } from "./support.js";

/** Resolves with the output so far once `pattern` appears in it. */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) resolve(output);
    });
    child.once("exit", (code) =>
      reject(new Error(`exited with ${code} before ${pattern}:\n${output}`)),
    );
  });
}

describe("npm run fake-server", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    // npm starts tsx which starts node: signal the whole process group we created.
    if (child?.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch (error) {
        // The group may end between the last output and its exit event: then there is none to kill.
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    }
    child = undefined;
  });

  it("serves on the given port, prints the URL, key and a curl example, and stops on Ctrl-C", async () => {
    const port = await freePort();
    child = spawn("npm", ["run", "-s", "fake-server", "--", "--port", String(port)], {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const group = child.pid;
    if (group === undefined) throw new Error("npm run fake-server did not start");
    const banner = await waitForOutput(child, /Ctrl-C to stop/);
    const url = `http://127.0.0.1:${port}`;
    expect(banner).toContain(`listening on ${url}`);
    expect(banner).toContain("API key: test-key");
    expect(banner).toMatch(/curl -s -X POST http:\/\/127\.0\.0\.1:\d+\/api\/v2\/leads\/add/);

    const answer = await postLeads(url, { campaign_id: CAMPAIGN_ID, leads: [{ email: "a@x.io" }] });
    expect(answer.json).toMatchObject({ status: "success", leads_uploaded: 1 });

    const stopped = waitForOutput(child, /Stopped after 1 request\(s\), 1 applied, 1 lead\(s\)/);
    process.kill(-group, "SIGINT");
    await stopped;
    await expect(postLeads(url, {})).rejects.toThrow();
  });
});
