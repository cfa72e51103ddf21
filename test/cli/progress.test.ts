import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  progressLine,
  progressMode,
  startProgress,
  type ProgressSnapshot,
} from "../../src/cli/progress.js";

const ANSI = /\x1b\[/;

const snapshot: ProgressSnapshot = {
  read: 3000,
  settled: 2000,
  resumed: 0,
  uploaded: 1500,
  skipped: 400,
  rejected: 20,
  failed: 80,
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
    expect(line).toMatch(/^rows 2,000\/10,000 \(20%\) \| [\d,]+\/s \| ETA \d+s \| /);
    expect(line).toContain("uploaded 1,500 | skipped 400 | rejected 20 | failed 80");
    expect(line).not.toContain("resumed");
  });

  it("shows the count alone and no ETA when the total is unknown, and resumed rows", () => {
    const line = progressLine({ ...snapshot, total: undefined, resumed: 500 }, 0, false);
    expect(line).toMatch(/^rows 2,000 \| [\d,]+\/s \| ETA \? \| /);
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
