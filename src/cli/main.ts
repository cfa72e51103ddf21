import packageJson from "../../package.json" with { type: "json" };
import { setFlagsFromString } from "node:v8";
import { Command, CommanderError } from "commander";
import { redactKey } from "../client/redact.js";
import { API_KEY_ENV } from "./api-key.js";
import type { CliIo } from "./cli-io.js";
import { targetForDryRun } from "./choose-target.js";
import { CliUsageError, EXIT } from "./errors.js";
import { addListTargetsCommand, runListTargets } from "./list-targets-command.js";
import { addImportOptions, parseImportCommand } from "./options.js";
import { runDryRun } from "./dry-run.js";
import { runImport } from "./run-import.js";
import { ABORT_GRACE_MS } from "./interrupt.js";

const HELP_HINT =
  "Usage: instantly-client import <file> (--campaign NAME|ID | --list NAME|ID) [options]\n" +
  "       instantly-client campaigns|lists [--search TEXT] [--json]\n" +
  "Run `instantly-client import --help` for every option.";

function buildProgram(io: CliIo, signal: AbortSignal, setExit: (code: number) => void): Command {
  const program = new Command("instantly-client")
    .description(
      "Import leads into Instantly (API v2) from CSV, Excel (.xlsx) or JSON Lines files; list campaigns and lists.",
    )
    .version(packageJson.version)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const importCommand = program
    .command("import")
    .summary("import the leads of a CSV, .xlsx or JSON Lines file into a campaign or list")
    .description(
      [
        "Import the leads of FILE into one campaign or lead list.",
        "FILE: .csv, .tsv or .txt (delimiter sniffed, Excel's sep= line honoured),",
        ".xlsx (the first sheet, or --sheet), .jsonl or .ndjson; - reads standard input.",
        "The encoding is detected (UTF-8, UTF-16, Windows-1252...), or set by --encoding.",
        'Columns map to lead fields by the names CRM exports use ("Email Address",',
        '"Company", "Title"...); the mapping is printed before anything is sent, and',
        '--map "Header=field" changes it. A CSV file is checked whole first: a broken',
        "one sends nothing. Rows whose cells are all empty are skipped.",
        "The target (--campaign or --list, by name or id) is looked up before any row is read.",
        `The API key comes from ${API_KEY_ENV} or --api-key-file, never from a flag.`,
        "",
        "Exit status:",
        "  0  every row accepted, or the file has no data rows",
        "  1  some rows to act on: rejected, refused, failed or not sent, or not created",
        "     for a reason in the row (an invalid or repeated email): what --errors lists",
        "  2  usage, configuration or input error (nothing is sent for a broken file",
        "     or a mapping that would lose the emails), an unknown target, or the API",
        "     refused the import (401 key, 402 plan, 403 forbidden, 404 campaign or list)",
        `  ${EXIT.interrupted}  interrupted (Ctrl-C): batches in flight get ${ABORT_GRACE_MS / 1000} s to be answered;`,
        "     with --journal, the same command resumes (a second Ctrl-C quits at once)",
      ].join("\n"),
    )
    .argument("<file>", "CSV, .xlsx or JSON Lines file, or - for standard input");
  addImportOptions(importCommand).action(async (file: string, _options, command: Command) => {
    const parsed = parseImportCommand(file, command, io.env);
    if (!parsed.dryRun) return setExit(await runImport(parsed, io, signal));
    const target = await targetForDryRun(parsed, io, signal);
    setExit(typeof target === "number" ? target : await runDryRun({ ...parsed, target }, io));
  });
  for (const kind of ["campaign", "list"] as const) {
    addListTargetsCommand(program, kind, async (options) => {
      setExit(await runListTargets(kind, options, io, signal));
    });
  }
  return program;
}

/** Runs the CLI on `args` (without node and the script) and resolves to the exit code. */
export async function main(
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, signal, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT.ok;
      io.stderr.write(`${HELP_HINT}\n`);
      return EXIT.usage;
    }
    const message = redactKey((error as Error).message ?? String(error), io.env[API_KEY_ENV]);
    if (error instanceof CliUsageError) {
      io.stderr.write(`error: ${message}\n${HELP_HINT}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`error: ${message}\n`);
    // E.g. Ctrl-C while the target was being looked up.
    return signal.aborted ? EXIT.interrupted : EXIT.incomplete;
  }
}

/**
 * The bin's entry: real streams; Ctrl-C stops cleanly (the import says what it waits for, and exits
 * EXIT.interrupted), a second one ends the process at once by SIGINT (status 130 in the shell).
 */
export async function runFromProcess(): Promise<void> {
  // Rows stream through in batches, so most garbage is promoted before it dies; without this V8
  // lets the heap grow to several times the live set (bench:cli: ~300 MB instead of ~130 MB).
  setFlagsFromString("--optimize-for-size");
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      // process.exit would wait for blocked file reads (e.g. a key file that is a pipe); the
      // default action of SIGINT does not, and tells the shell the run was interrupted.
      process.off("SIGINT", onInterrupt);
      process.kill(process.pid, "SIGINT");
      return;
    }
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    const io = {
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
    };
    process.exitCode = await main(process.argv.slice(2), io, controller.signal);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
