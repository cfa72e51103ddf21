import type { Command } from "commander";
import { InstantlyAbortError, InstantlyApiError, InstantlyError } from "../client/errors.js";
import type { TargetKind } from "../spec/lead-target.js";
import { listTargets, type TargetSummary } from "../targets/fetch-targets.js";
import { clientFor } from "./api-client.js";
import { API_KEY_ENV, resolveApiKey } from "./api-key.js";
import { createPrinter, type CliIo } from "./cli-io.js";
import { CliUsageError, EXIT } from "./errors.js";

export interface ListTargetsCommand {
  search?: string;
  json: boolean;
  apiKeyFile?: string;
  baseUrl?: string;
}

const NOUN: Record<TargetKind, string> = { campaign: "campaigns", list: "lead lists" };

export function addListTargetsCommand(
  program: Command,
  kind: TargetKind,
  run: (options: ListTargetsCommand) => Promise<void>,
): Command {
  const name = kind === "campaign" ? "campaigns" : "lists";
  const columns = kind === "campaign" ? "id, name and status" : "id and name";
  return program
    .command(name)
    .summary(`list the ${NOUN[kind]} of the workspace`)
    .description(
      `Print the ${columns} of every ${kind} of the workspace (all pages): a table on a terminal, ` +
        `tab-separated lines otherwise, JSON with --json. The key comes from ${API_KEY_ENV} or --api-key-file.`,
    )
    .option("--search <text>", `only ${NOUN[kind]} whose name contains TEXT (the API's search)`)
    .option("--json", "print a JSON array of { id, name, status, status_label }")
    .option("--api-key-file <file>", `read the API key from this file instead of ${API_KEY_ENV}`)
    .option("--base-url <url>", "API base URL, e.g. a fake server's")
    .action(async (values: Record<string, unknown>) => {
      const baseUrl = values.baseUrl as string | undefined;
      if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
        throw new CliUsageError(`--base-url ${baseUrl} is not a URL`);
      }
      await run({
        search: values.search as string | undefined,
        json: values.json === true,
        apiKeyFile: values.apiKeyFile as string | undefined,
        baseUrl,
      });
    });
}

/** `campaigns` / `lists`: pages through the list operation and prints every item; the exit code. */
export async function runListTargets(
  kind: TargetKind,
  command: ListTargetsCommand,
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const apiKey = await resolveApiKey(io.env, command.apiKeyFile);
  const printer = createPrinter(io, apiKey);
  const client = clientFor(command, apiKey);
  const items: TargetSummary[] = [];
  try {
    for await (const item of listTargets(client, kind, { search: command.search, signal })) {
      items.push(item);
    }
  } catch (error) {
    if (error instanceof InstantlyAbortError) return EXIT.incomplete;
    if (!(error instanceof InstantlyError)) throw error;
    const access =
      error instanceof InstantlyApiError && (error.status === 401 || error.status === 403)
        ? `; check the key (${API_KEY_ENV} or --api-key-file) and its scopes`
        : "";
    printer.err(`error: could not list the ${NOUN[kind]}: ${error.message}${access}`);
    return EXIT.usage;
  }
  if (command.json) {
    const rows = items.map(({ id, name, status, statusLabel }) =>
      kind === "campaign" ? { id, name, status, status_label: statusLabel } : { id, name },
    );
    printer.out(JSON.stringify(rows, null, 2));
  } else if ((io.stdout as { isTTY?: boolean }).isTTY === true) {
    printer.out(formatTable(kind, items));
  } else {
    // One line per item, tab-separated, for scripts.
    for (const item of items) printer.out(cells(kind, item).join("\t"));
  }
  return EXIT.ok;
}

// A tab or newline in a name would break the columns; --json keeps names exactly as they are.
function cells(kind: TargetKind, item: TargetSummary): string[] {
  const name = item.name.replace(/[\t\r\n]/g, " ");
  return kind === "campaign" ? [item.id, name, item.statusLabel ?? ""] : [item.id, name];
}

/** Aligned columns under a header; an empty workspace says so. */
export function formatTable(kind: TargetKind, items: readonly TargetSummary[]): string {
  if (items.length === 0) return `no ${NOUN[kind]}`;
  const header = kind === "campaign" ? ["ID", "NAME", "STATUS"] : ["ID", "NAME"];
  const rows = [header, ...items.map((item) => cells(kind, item))];
  const widths = header.map((_, column) =>
    Math.max(...rows.map((row) => row[column]?.length ?? 0)),
  );
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
  return `${lines.join("\n")}\n${items.length} ${NOUN[kind]}`;
}
