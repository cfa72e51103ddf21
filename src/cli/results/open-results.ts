import type { Journal } from "../journal.js";
import type { OpenedInput } from "../input/open-input.js";
import { ResultsFile } from "./results-file.js";
import { resultsFormat, type ResultsSource } from "./results-format.js";
import { ResumedRows } from "./resumed-rows.js";
import { RowResults, type ResultsOutput } from "./row-results.js";
import type { RowStatus } from "./row-status.js";

/** Where the results files go: `--results`, `--errors`. */
export interface ResultsPaths {
  results?: string | undefined;
  errors?: string | undefined;
}

/**
 * Opens the results and errors files asked for, before anything is sent: a name whose extension
 * tells no format, or a file that cannot be written, exits 2 with nothing sent. Resumed rows take
 * their ids from the journal's earlier runs. Without either file, the rows' outcomes are still
 * counted: the exit status says whether any row needs acting on.
 */
export async function openResults(
  paths: ResultsPaths,
  input: OpenedInput,
  journal: Journal | undefined,
  redact: (text: string) => string,
): Promise<RowResults> {
  const source: ResultsSource = {
    format: input.format,
    header: input.header,
    names: input.mapping?.header,
    delimiter: input.delimiter,
  };
  // Both names are checked before either file is created.
  const planned = (["results", "errors"] as const).map((key) => {
    const path = paths[key];
    const flag = `--${key}`;
    return path === undefined
      ? undefined
      : { path, flag, format: resultsFormat(flag, path, source) };
  });
  const opened: Array<ResultsOutput | undefined> = [];
  try {
    for (const plan of planned) {
      if (plan === undefined) opened.push(undefined);
      else {
        const file = new ResultsFile(plan.path, plan.flag, plan.format.head);
        opened.push({ file, format: plan.format });
      }
    }
  } catch (error) {
    for (const output of opened) output?.file.discard();
    throw error;
  }
  const [results, errors] = opened;
  // When resuming: what earlier runs recorded of their rows (their ids only for a file).
  const resumed =
    journal !== undefined && journal.accepted.size > 0
      ? await ResumedRows.read(journal, (results ?? errors) !== undefined)
      : undefined;
  const rows = new RowResults(results, errors, redact, resumed);
  input.watchSkipped((row) => rows.noteSkipped(row));
  return rows;
}

// The order statuses are counted in, the summary's.
const STATUS_ORDER: readonly RowStatus[] = [
  "created",
  "recovered",
  "existing",
  "resumed",
  "not_created",
  "rejected",
  "refused",
  "failed",
  "not_sent",
  "skipped",
];

/**
 * The summary's lines naming the files written and what they hold; `stoppedEarly`: the run did not
 * read its input through, so the way on is the stop's own advice, not the errors file alone.
 */
export function describeResults(results: RowResults, stoppedEarly: boolean): string[] {
  const lines: string[] = [];
  const { results: all, errors } = results.files;
  if (all !== undefined) {
    const counts = STATUS_ORDER.flatMap((status) => {
      const count = results.counts.get(status) ?? 0;
      return count === 0 ? [] : [`${count} ${status}`];
    });
    lines.push(`Results: ${all.path}, ${all.rows} rows (${counts.join(", ") || "none"})`);
  }
  // Rows not created for a reason in the row itself: the others are counted in the summary.
  const notCreated = results.notCreatedToFix;
  if (errors === undefined && notCreated > 0) {
    lines.push(
      `${notCreated} rows were not created for a reason in the row (an email the API counts invalid, or one an earlier row holds); --errors FILE lists them`,
    );
  }
  if (errors !== undefined) {
    lines.push(
      errors.rows === 0
        ? `Errors: ${errors.path}, no rows to fix`
        : stoppedEarly
          ? `Errors: ${errors.path}, ${errors.rows} rows to act on so far (the run stopped early: see above)`
          : `Errors: ${errors.path}, ${errors.rows} rows to fix; once fixed, import it with the same flags (and --errors naming another file)`,
    );
  }
  return lines;
}
