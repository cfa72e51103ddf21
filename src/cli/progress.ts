import { styleText } from "node:util";
import cliProgress from "cli-progress";

/** What the progress display shows, read from the running import whenever it redraws. */
export interface ProgressSnapshot {
  /** Rows read from the input so far. */
  read: number;
  /** Rows settled: accepted, resumed from the journal, rejected or failed. */
  settled: number;
  /** Rows skipped because an earlier run's journal holds them. */
  resumed: number;
  uploaded: number;
  /** Leads sent but not created (blocklisted, duplicates, skipped, invalid, incomplete: the
   * summary's API counters say which); not the API's own `skipped_count`. */
  notUploaded: number;
  rejected: number;
  /** Rows the server refused one by one (a rule the spec does not state, or too large). */
  refused: number;
  failed: number;
  /** Batches in flight allowed now (adaptive unless --concurrency N). */
  concurrency: number;
  /** Rows in the input: estimated from the bytes read until the input is read through. */
  total: number | undefined;
}

/** What the row total is estimated from: rows read, the input's bytes the parser consumed for them. */
export interface TotalEstimate {
  rows: number;
  /** Bytes of the input the parser consumed up to the last row read (not bytes read ahead). */
  bytes: number;
  /** The input's size; unknown for standard input. */
  size: number | undefined;
  /** The input is read through, so `rows` is the total. */
  ended: boolean;
}

/** Rows in the input, extrapolated from the bytes parsed so far; undefined when unknowable. */
export function estimateTotal({ rows, bytes, size, ended }: TotalEstimate): number | undefined {
  if (ended) return rows;
  if (size === undefined || bytes === 0 || rows === 0) return undefined;
  return Math.max(rows, Math.round((rows * size) / bytes));
}

/** The whole percent of `total` that `settled` is, as the progress line shows it. */
export function percentDone(settled: number, total: number | undefined): number {
  if (total === undefined) return 0;
  return Math.floor((100 * settled) / Math.max(total, 1));
}

/** A TTY bar, periodic plain lines, or nothing. */
export type ProgressMode = "bar" | "lines" | "quiet";

/** A running display; `stop` draws the last state and releases the terminal. */
export interface ProgressView {
  stop(): void;
}

/** Options of the display: where it writes, colours, and the plain lines' period. */
export interface ProgressOptions {
  stream: NodeJS.WritableStream;
  color: boolean;
  lineIntervalMs?: number;
}

/** The bar on a terminal, plain lines otherwise, nothing when quiet. */
export function progressMode(quiet: boolean, isTTY: boolean | undefined): ProgressMode {
  if (quiet) return "quiet";
  return isTTY === true ? "bar" : "lines";
}

const count = new Intl.NumberFormat("en-US");

// The caller decides about colour (NO_COLOR, --no-color, a TTY), so styleText must not second-guess.
function paint(style: "green" | "yellow" | "red" | "cyan", text: string): string {
  return styleText(style, text, { validateStream: false });
}

function seconds(value: number): string {
  if (!Number.isFinite(value)) return "?";
  if (value < 60) return `${Math.ceil(value)}s`;
  const minutes = Math.floor(value / 60);
  return minutes < 60
    ? `${minutes}m${Math.floor(value % 60)}s`
    : `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

function figures(snapshot: ProgressSnapshot, startedAt: number, color: boolean) {
  const elapsed = Math.max((performance.now() - startedAt) / 1000, 0.001);
  const rate = (snapshot.settled - snapshot.resumed) / elapsed;
  const left = snapshot.total === undefined ? undefined : snapshot.total - snapshot.settled;
  const colored = (style: "green" | "yellow" | "red", value: number) =>
    color && value > 0 ? paint(style, count.format(value)) : count.format(value);
  return {
    rate: count.format(Math.round(rate)),
    eta: left === undefined || rate <= 0 ? "?" : seconds(left / rate),
    counters: [
      // The summary's words, so one counter has one name.
      `leads uploaded ${colored("green", snapshot.uploaded)}`,
      `not uploaded ${count.format(snapshot.notUploaded)}`,
      `rejected rows ${colored("yellow", snapshot.rejected)}`,
      ...(snapshot.refused > 0 ? [`refused rows ${colored("yellow", snapshot.refused)}`] : []),
      `failed rows ${colored("red", snapshot.failed)}`,
      ...(snapshot.resumed > 0 ? [`resumed ${count.format(snapshot.resumed)}`] : []),
    ].join(" | "),
  };
}

/**
 * One plain progress line, e.g. for logs:
 * `rows 2,000/10,000 (20%) | 950/s | ETA 9s | concurrency 6 | leads uploaded ...`.
 */
export function progressLine(
  snapshot: ProgressSnapshot,
  startedAt: number,
  color: boolean,
): string {
  const { rate, eta, counters } = figures(snapshot, startedAt, color);
  const settled = count.format(snapshot.settled);
  const of =
    snapshot.total === undefined
      ? settled
      : `${settled}/${count.format(snapshot.total)} (${percentDone(snapshot.settled, snapshot.total)}%)`;
  return `rows ${of} | ${rate}/s | ETA ${eta} | concurrency ${snapshot.concurrency} | ${counters}`;
}

function startBar(snapshot: () => ProgressSnapshot, options: ProgressOptions): ProgressView {
  const startedAt = performance.now();
  const bar = new cliProgress.SingleBar({
    stream: options.stream,
    format: (barOptions, params, payload: { text: string }) => {
      const width = barOptions.barsize ?? 30;
      const filled = Math.round(params.progress * width);
      const cells = "█".repeat(filled) + "░".repeat(width - filled);
      return `${options.color ? paint("cyan", cells) : cells} ${payload.text}`;
    },
    hideCursor: true,
    barsize: 24,
    fps: 10,
  });
  const draw = () => {
    const current = snapshot();
    const total = current.total ?? 0;
    bar.setTotal(Math.max(total, current.settled, 1));
    bar.update(current.settled, { text: progressLine(current, startedAt, options.color) });
  };
  bar.start(1, 0, { text: "" });
  const timer = setInterval(draw, 100).unref();
  return {
    stop() {
      clearInterval(timer);
      draw();
      bar.stop();
    },
  };
}

function startLines(snapshot: () => ProgressSnapshot, options: ProgressOptions): ProgressView {
  const startedAt = performance.now();
  const print = () =>
    options.stream.write(`${progressLine(snapshot(), startedAt, options.color)}\n`);
  const timer = setInterval(print, options.lineIntervalMs ?? 2000).unref();
  return {
    stop() {
      clearInterval(timer);
      print();
    },
  };
}

/** Starts the display for the mode; it polls `snapshot` (10 times a second for the bar). */
export function startProgress(
  mode: ProgressMode,
  snapshot: () => ProgressSnapshot,
  options: ProgressOptions,
): ProgressView {
  if (mode === "bar") return startBar(snapshot, options);
  if (mode === "lines") return startLines(snapshot, options);
  return { stop() {} };
}
