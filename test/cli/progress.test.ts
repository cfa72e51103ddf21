import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInstantlyClient } from "../../src/client/create.js";
import { importLeads } from "../../src/leads/index.js";
import { startFakeInstantly } from "../../src/testing/index.js";
import { openInput } from "../../src/cli/input/open-input.js";
import { tempFolder } from "./support/run-cli.js";
import {
  estimateTotal,
  percentDone,
  progressLine,
  progressMode,
  startProgress,
  type ProgressSnapshot,
} from "../../src/cli/progress.js";

// eslint-disable-next-line no-control-regex -- the terminal escape is what the test looks for
const ANSI = /\u001b\[/;

const snapshot: ProgressSnapshot = {
  read: 3000,
  settled: 2000,
  resumed: 0,
  uploaded: 1500,
  notUploaded: 400,
  rejected: 20,
  refused: 0,
  failed: 80,
  concurrency: 6,
  total: 10_000,
};

describe("progressMode", () => {
  it.each([
    [false, true, "bar"],
    [false, false, "lines"],
    [false, undefined, "lines"],
    [true, true, "quiet"],
    [true, false, "quiet"],
  ] as const)("quiet=%s on a TTY=%s shows %s", (quiet, tty, mode) => {
    expect(progressMode(quiet, tty)).toBe(mode);
  });
});

describe("progressLine", () => {
  it("shows settled/total, percent, rate, ETA and the counters", () => {
    const line = progressLine(snapshot, performance.now() - 2000, false);
    expect(line).toMatch(
      /^rows 2,000\/10,000 \(20%\) \| [\d,]+\/s \| ETA \d+s \| concurrency 6 \| /,
    );
    expect(line).toContain(
      "leads uploaded 1,500 | not uploaded 400 | rejected rows 20 | failed rows 80",
    );
    expect(line).not.toContain("resumed");
    expect(line).not.toContain("refused");
  });

  it("shows refused rows once there are some", () => {
    const line = progressLine({ ...snapshot, refused: 3 }, 0, false);
    expect(line).toContain("| rejected rows 20 | refused rows 3 | failed rows 80");
  });

  it("shows the count alone and no ETA when the total is unknown, and resumed rows", () => {
    const line = progressLine({ ...snapshot, total: undefined, resumed: 500 }, 0, false);
    expect(line).toMatch(/^rows 2,000 \| [\d,]+\/s \| ETA \? \| concurrency 6 \| /);
    expect(line).toContain("| resumed 500");
  });

  it.each([
    [false, false],
    [true, true],
  ])("uses ANSI colours only when colour is on (%s)", (color, ansi) => {
    expect(ANSI.test(progressLine(snapshot, 0, color))).toBe(ansi);
  });
});

describe("startProgress", () => {
  function capture() {
    const stream = new PassThrough();
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    return { stream, text: () => text };
  }

  it("prints plain lines periodically and a last one on stop, without ANSI codes", async () => {
    const out = capture();
    const view = startProgress("lines", () => snapshot, {
      stream: out.stream,
      color: false,
      lineIntervalMs: 20,
    });
    await new Promise((resolve) => setTimeout(resolve, 130));
    view.stop();
    const lines = out.text().trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.every((line) => line.startsWith("rows 2,000/10,000"))).toBe(true);
    expect(ANSI.test(out.text())).toBe(false);
  });

  it("prints nothing when quiet", () => {
    const out = capture();
    startProgress("quiet", () => snapshot, { stream: out.stream, color: false }).stop();
    expect(out.text()).toBe("");
  });

  it("draws a bar on a terminal and leaves the last state on stop", () => {
    const out = capture();
    const stream = Object.assign(out.stream, { isTTY: true, columns: 200 });
    startProgress("bar", () => snapshot, { stream, color: false }).stop();
    expect(out.text()).toContain("rows 2,000/10,000 (20%)");
    expect(out.text()).toContain("█");
  });
});

describe("estimateTotal", () => {
  it.each([
    [{ rows: 10, bytes: 100, size: 1000, ended: false }, 100],
    [{ rows: 10, bytes: 100, size: 1000, ended: true }, 10],
    [{ rows: 10, bytes: 100, size: undefined, ended: false }, undefined],
    [{ rows: 0, bytes: 0, size: 1000, ended: false }, undefined],
    [{ rows: 10, bytes: 1000, size: 1000, ended: false }, 10],
  ])("estimates %j as %s rows", (input, total) => {
    expect(estimateTotal(input)).toBe(total);
  });
});

describe("progress of a real import", () => {
  const ROWS = 20_000;
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  beforeAll(async () => {
    folder = await tempFolder();
  });
  afterAll(() => folder.remove());

  it("is within 10 points of the truth at every quarter of 20,000 rows at batch size 10", async () => {
    const lines = Array.from(
      { length: ROWS },
      (_, i) => `p${i}@company${i % 97}.example,${"N".repeat(3 + (i % 11))},"Co ${i % 13}, Inc."`,
    );
    const path = await folder.file(
      "progress.csv",
      `Email,First Name,Company\n${lines.join("\n")}\n`,
    );
    const fake = await startFakeInstantly({ rateLimit: false, remainingInPlan: ROWS * 2 });
    try {
      const client = createInstantlyClient({
        apiKey: fake.apiKey,
        baseUrl: fake.url,
        rateLimit: false,
      });
      const input = await openInput({ path }, new PassThrough());
      let read = 0;
      let ended = false;
      async function* leads() {
        for await (const row of input.rows) {
          read += 1;
          if ("lead" in row) yield row.lead;
        }
        ended = true;
      }
      const errors: number[] = [];
      let nextQuarter = 1;
      await importLeads(client, { list_id: "019e0e3e-b690-71a9-b399-fbf49894dded" }, leads(), {
        batchSize: 10,
        onProgress: ({ done }) => {
          if (done < (nextQuarter * ROWS) / 4) return;
          const total = estimateTotal({
            rows: read,
            bytes: input.bytesConsumed(),
            size: input.size,
            ended,
          });
          const shown = percentDone(done, total);
          errors.push(Math.abs(shown - (100 * done) / ROWS));
          nextQuarter += 1;
        },
      });
      expect(errors).toHaveLength(4);
      expect(Math.max(...errors)).toBeLessThanOrEqual(10);
    } finally {
      await fake.close();
    }
  }, 120_000);
});
