import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { InvalidArgumentError, Option, type Command } from "commander";
import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS } from "../client/client-options.js";
import {
  DEFAULT_CONCURRENCY,
  validateTarget,
  type AddLeadsBodyOptions,
  type LeadTarget,
} from "../leads/index.js";
import { API_KEY_ENV } from "./api-key.js";
import {
  CUSTOM_VARIABLES_MODES,
  type CustomVariablesMode,
  type MappingOptions,
} from "./input/columns.js";
import { checkEncodingName } from "./input/decode.js";
import { CliUsageError } from "./errors.js";
import { chooseFormat, INPUT_FORMATS } from "./input/format.js";
import { resultsKind } from "./results/results-format.js";
import type { InputSpec } from "./input/input-spec.js";
import { DEFAULT_MAX_RECORD_BYTES } from "./input/record-limit.js";
import { BODY_OPTION_FIELDS } from "../leads/import-options.js";
import { TARGET_FIELDS } from "../spec/lead-target.js";
import type { TargetQuery } from "../targets/resolve-target.js";

/** The target as given: by id (--campaign-id, --list-id) or by name or id (--campaign, --list). */
export type TargetChoice = LeadTarget | TargetQuery;

/** Everything `import` needs, validated. */
export interface ImportCommand {
  input: InputSpec;
  target: TargetChoice;
  /** Fetch the target before reading the input (default; --no-preflight turns it off). */
  preflight: boolean;
  /** Refuse a campaign whose status means its leads will not be contacted. */
  requireActive: boolean;
  body: AddLeadsBodyOptions;
  batchSize?: number;
  concurrency?: number | "auto";
  timeoutMs?: number;
  maxRetries?: number;
  baseUrl?: string;
  apiKeyFile?: string;
  report?: string;
  /** Every row with its outcome (`instantly_status`, `instantly_lead_id`, `instantly_message`). */
  results?: string;
  /** The rows to act on, in the same layout: fixed, it imports again as is. */
  errors?: string;
  journal?: string;
  trace?: string;
  /** Also look up the ids of rows already in the target (importLeads' resolveExisting). */
  resolveExisting: boolean;
  dryRun: boolean;
  quiet: boolean;
  color: boolean;
}

const bodySchemas = bulkAddLeadsSpec.requestBody.schema.properties;
const { maxItems } = bulkAddLeadsSpec.arrays.leads;

/** The command-line flag of a body field: `skip_if_in_list` -> `--skip-if-in-list`. */
export function flagOf(field: string): string {
  return `--${field.replaceAll("_", "-")}`;
}

function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min || number > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
      throw new InvalidArgumentError(`expected a whole number ${range}.`);
    }
    return number;
  };
}

/** `auto` or a whole number of at least 1. */
function concurrency(value: string): number | "auto" {
  if (value.toLowerCase() === "auto") return "auto";
  try {
    return integer(1)(value);
  } catch {
    throw new InvalidArgumentError('expected "auto" or a whole number at least 1.');
  }
}

function delimiter(value: string): string {
  const named: Record<string, string> = { tab: "\t", "\\t": "\t" };
  const char = named[value.toLowerCase()] ?? value;
  if ([...char].length !== 1 || /[\r\n"]/.test(char)) {
    throw new InvalidArgumentError('expected one character, or "tab".');
  }
  return char;
}

// `Header=field`: split at the last "=", so a header may hold one.
function mapEntry(value: string, previous: Array<[string, string]> = []): Array<[string, string]> {
  const at = value.lastIndexOf("=");
  if (at <= 0 || at === value.length - 1) {
    throw new InvalidArgumentError(
      'expected "Header=field", "Header=custom_variables.NAME" or "Header=-".',
    );
  }
  return [...previous, [value.slice(0, at), value.slice(at + 1)]];
}

function readMapFile(path: string): Array<[string, string]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CliUsageError(`--map-file ${path}: ${(error as Error).message}`);
  }
  const entries =
    typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? Object.entries(parsed)
      : [];
  if (entries.length === 0 || entries.some(([, target]) => typeof target !== "string")) {
    throw new CliUsageError(
      `--map-file ${path}: expected a JSON object of "Header": "field" pairs, e.g. {"Email Address": "email", "Notes": "-"}`,
    );
  }
  return entries as Array<[string, string]>;
}

export function addImportOptions(command: Command): Command {
  command
    .option("--campaign-id <uuid>", "add the leads to this campaign (or give --list-id)")
    .option("--list-id <uuid>", "add the leads to this lead list (or give --campaign-id)")
    .option(
      "--campaign <name|id>",
      "campaign by exact name or id, looked up before any row is read",
    )
    .option("--list <name|id>", "lead list by exact name or id, looked up before any row is read")
    .option("--require-active", "refuse a campaign whose leads will not be contacted (e.g. paused)")
    .option("--no-preflight", "do not fetch a target given by id before importing")
    .addOption(
      new Option("--format <format>", "input format (default: from the extension)").choices(
        INPUT_FORMATS,
      ),
    )
    .option(
      "--delimiter <char>",
      'CSV delimiter (default: a "sep=" first line, else sniffed from the header; "tab" for tabs)',
      delimiter,
    )
    .option(
      "--encoding <name>",
      "text encoding of a CSV or JSONL file (default: detected; e.g. utf-8, windows-1252, latin1, utf-16le)",
    )
    .option("--sheet <name>", "worksheet of an .xlsx file (default: the first)")
    .option(
      "--map <Header=field>",
      "map a column: a lead field, custom_variables.NAME, or - to drop it (repeatable)",
      mapEntry,
    )
    .option("--map-file <file.json>", 'column mapping as JSON: {"Header": "field", ...}')
    .addOption(
      new Option(
        "--custom-variables <which>",
        "columns that map to no lead field: all become custom variables, only those --map names, or none",
      )
        .choices(CUSTOM_VARIABLES_MODES)
        .default("all"),
    )
    .option(
      "--no-precheck",
      "skip the pass that checks a CSV file's structure and every record's size (CSV, JSONL, .xlsx) before anything is sent",
    )
    .option(
      "--typed-columns",
      "send numbers and true/false in extra columns as numbers and booleans (only those that stay exactly the same)",
    )
    .option(
      "--no-split-name",
      "keep a full-name column (Full Name, full_name, Contact Name, ...) whole instead of splitting it into first_name and last_name",
    )
    .option(
      "--max-record-bytes <n>",
      `refuse a CSV record, JSONL line or .xlsx row larger than this (default ${DEFAULT_MAX_RECORD_BYTES})`,
      integer(1),
    )
    .option("--api-key-file <file>", `read the API key from this file instead of ${API_KEY_ENV}`)
    .addOption(new Option("--api-key [key]").hideHelp())
    .option("--base-url <url>", "API base URL, e.g. a fake server's");
  for (const field of BODY_OPTION_FIELDS) {
    const schema = bodySchemas[field];
    const value = "format" in schema ? schema.format : "value";
    const flag = schema.type === "boolean" ? flagOf(field) : `${flagOf(field)} <${value}>`;
    command.option(flag, schema.description);
  }
  return command
    .option(
      `--batch-size <n>`,
      `leads per request (1 to ${maxItems}, default ${maxItems})`,
      integer(1, maxItems),
    )
    .option(
      "--concurrency <auto|n>",
      `batches in flight at once: a number, or ${DEFAULT_CONCURRENCY} (the default) to adapt to the server's latency`,
      concurrency,
    )
    .option(
      "--timeout-ms <n>",
      `timeout of each attempt in ms (default ${DEFAULT_TIMEOUT_MS})`,
      integer(1),
    )
    .option(
      "--max-retries <n>",
      `retries of a failed request (default ${DEFAULT_MAX_RETRIES})`,
      integer(0),
    )
    .option("--report <file.json>", "write the full import report (JSON) to this file")
    .option(
      "--results <file>",
      "write every row with its outcome (status, lead id, message) to this .csv or .jsonl file",
    )
    .option(
      "--errors <file>",
      "write the rows to fix (rejected, refused, failed, not sent...) to this .csv or .jsonl file; fixed, it imports again as is",
    )
    .option("--journal <file>", "record accepted batches here; rerun with it to resume")
    .option(
      "--trace <file.jsonl>",
      "write every request attempt (status, rate-limit headers, response body; no key) to this file",
    )
    .option(
      "--resolve-existing",
      "also look up the lead ids of rows already in the target (existing_leads in the report)",
    )
    .option("--dry-run", "parse and validate only; send nothing")
    .option("-q, --quiet", "print nothing but the result")
    .option("--no-color", "no colours (also when NO_COLOR is set)");
}

// The files a run writes, with the flag that names each.
const OUTPUT_FLAGS = [
  ["results", "--results"],
  ["errors", "--errors"],
  ["report", "--report"],
  ["journal", "--journal"],
  ["trace", "--trace"],
] as const;

/** Refuses two flags naming one file, or an output file that is the input: one would overwrite the other. */
function refuseSharedPaths(input: string, values: Record<string, unknown>): void {
  const seen = new Map<string, string>();
  if (input !== "-") seen.set(resolve(input), "the input");
  for (const [key, flag] of OUTPUT_FLAGS) {
    const path = values[key];
    if (typeof path !== "string") continue;
    const earlier = seen.get(resolve(path));
    if (earlier !== undefined) {
      throw new CliUsageError(`${flag} ${path} is ${earlier} too; give each its own file`);
    }
    seen.set(resolve(path), `the file of ${flag}`);
  }
}

function optional<T>(value: unknown): T | undefined {
  return value === undefined ? undefined : (value as T);
}

const TARGET_FLAGS = ["--campaign-id", "--list-id", "--campaign", "--list"] as const;

/** Whether the target was given by --campaign or --list (a name, or an id to look up). */
export function isTargetQuery(target: TargetChoice): target is TargetQuery {
  return "campaign" in target || "list" in target;
}

function targetOf(values: Record<string, unknown>): TargetChoice {
  const given = [values.campaignId, values.listId, values.campaign, values.list];
  if (given.filter((value) => value !== undefined).length !== 1) {
    throw new CliUsageError(`give exactly one of ${TARGET_FLAGS.join(", ")}`);
  }
  const [campaignId, listId, campaign, list] = given.map((value) => optional<string>(value));
  if (campaignId !== undefined) return { campaign_id: campaignId };
  if (listId !== undefined) return { list_id: listId };
  if (campaign !== undefined) return { campaign };
  return { list: list as string };
}

function bodyOf(command: Command, values: Record<string, unknown>): AddLeadsBodyOptions {
  const body: Record<string, unknown> = {};
  for (const field of BODY_OPTION_FIELDS) {
    const key = command.options.find((option) => option.long === flagOf(field))?.attributeName();
    const value = key === undefined ? undefined : values[key];
    if (value !== undefined) body[field] = value;
  }
  return body;
}

/** Validates the parsed options of `import FILE` into an ImportCommand (CliUsageError when wrong). */
export function parseImportCommand(
  file: string,
  command: Command,
  env: Readonly<Record<string, string | undefined>>,
): ImportCommand {
  const values = command.opts();
  if (values.apiKey !== undefined) {
    throw new CliUsageError(
      `--api-key is not accepted: a key on the command line shows in ps and shell history. Set ${API_KEY_ENV} or use --api-key-file FILE`,
    );
  }
  const target = targetOf(values);
  if (values.requireActive === true && values.preflight === false) {
    throw new CliUsageError("--require-active needs the campaign's status: drop --no-preflight");
  }
  const body = bodyOf(command, values);
  // --campaign and --list are checked by looking them up; the body's own fields are checked here.
  const issues = isTargetQuery(target)
    ? validateTarget(body).filter(
        (issue) => !(TARGET_FIELDS as readonly string[]).includes(issue.field),
      )
    : validateTarget({ ...target, ...body });
  if (issues.length > 0) {
    throw new CliUsageError(
      issues
        .map((issue) => (issue.field === "" ? "" : `${flagOf(issue.field)}: `) + issue.message)
        .join("\n"),
    );
  }
  const baseUrl = optional<string>(values.baseUrl);
  if (baseUrl !== undefined && !URL.canParse(baseUrl)) {
    throw new CliUsageError(`--base-url ${baseUrl} is not a URL`);
  }
  if (values.journal !== undefined && file === "-") {
    throw new CliUsageError("--journal needs an input file: standard input cannot be resumed");
  }
  refuseSharedPaths(file, values);
  const inputFormat = chooseFormat(file, optional(values.format));
  for (const flag of ["results", "errors"] as const) {
    const path = optional<string>(values[flag]);
    if (path !== undefined) resultsKind(`--${flag}`, path, inputFormat);
  }
  if (values.dryRun === true && (values.results !== undefined || values.errors !== undefined)) {
    throw new CliUsageError(
      "--results and --errors say what an import did; a dry run lists its problems on stdout (and in --report)",
    );
  }
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== "";
  const mapFile = optional<string>(values.mapFile);
  const mapping: MappingOptions = {
    // Flags after the file, so a --map on the command line overrides the file's entry.
    map: [
      ...(mapFile === undefined ? [] : readMapFile(mapFile)),
      ...(optional<[string, string][]>(values.map) ?? []),
    ],
    customVariables: optional<CustomVariablesMode>(values.customVariables),
    splitName: values.splitName !== false,
  };
  const encoding = optional<string>(values.encoding);
  return {
    input: {
      path: file,
      format: optional(values.format),
      delimiter: optional(values.delimiter),
      typedColumns: values.typedColumns === true,
      encoding: encoding === undefined ? undefined : checkEncodingName(encoding),
      sheet: optional(values.sheet),
      precheck: values.precheck !== false,
      mapping,
      emailRequired: "campaign_id" in target,
      maxRecordBytes: optional(values.maxRecordBytes),
    },
    target,
    preflight: values.preflight !== false,
    requireActive: values.requireActive === true,
    body,
    batchSize: optional(values.batchSize),
    concurrency: optional(values.concurrency),
    timeoutMs: optional(values.timeoutMs),
    maxRetries: optional(values.maxRetries),
    baseUrl,
    apiKeyFile: optional(values.apiKeyFile),
    report: optional(values.report),
    results: optional(values.results),
    errors: optional(values.errors),
    journal: optional(values.journal),
    trace: optional(values.trace),
    resolveExisting: values.resolveExisting === true,
    dryRun: values.dryRun === true,
    quiet: values.quiet === true,
    color: values.color !== false && !noColor,
  };
}
