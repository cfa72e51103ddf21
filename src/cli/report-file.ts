import { open, rename, rm } from "node:fs/promises";
import type { CreatedRow, CliReport, NotCreatedRow } from "./cli-report.js";

type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** The rows of accepted batches, read from where they wait on disk (the journal or the spool). */
export interface AcceptedRows {
  created: Rows<CreatedRow>;
  notCreated: Rows<NotCreatedRow>;
}

// Written in pieces so a million created leads never become one string in memory.
const FLUSH_AT = 256 * 1024;

/**
 * Writes the report as JSON (arrays one element per line) to a temporary file beside `path`,
 * fsyncs it and renames it over `path`, so readers see the old file or the whole new one.
 */
export async function writeReportFile(
  path: string,
  report: CliReport,
  accepted: AcceptedRows,
): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, "w");
  try {
    let pending: string[] = [];
    let size = 0;
    const put = async (text: string) => {
      pending.push(text);
      size += text.length;
      if (size >= FLUSH_AT) {
        await handle.write(pending.join(""));
        pending = [];
        size = 0;
      }
    };
    const putArray = async (items: Iterable<unknown> | AsyncIterable<unknown>) => {
      let first = true;
      await put("[");
      for await (const item of items) {
        await put(`${first ? "" : ","}\n    ${JSON.stringify(item)}`);
        first = false;
      }
      await put(first ? "]" : "\n  ]");
    };
    const { rejected, warnings, failed, anomalies, existing_leads, unresolved, ...head } = report;
    await put("{\n");
    for (const [key, value] of Object.entries(head)) {
      await put(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`);
    }
    await put('  "rejected": ');
    await putArray(rejected);
    await put(',\n  "warnings": ');
    await putArray(warnings);
    await put(',\n  "failed": ');
    await putArray(failed);
    await put(',\n  "existing_leads": ');
    await putArray(existing_leads);
    await put(',\n  "unresolved": ');
    await putArray(unresolved);
    await put(',\n  "anomalies": ');
    await putArray(anomalies);
    await put(',\n  "not_created": ');
    await putArray(accepted.notCreated);
    await put(',\n  "created_leads": ');
    await putArray(accepted.created);
    await put("\n}\n");
    await handle.write(pending.join(""));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}
