import { InstantlyAbortError, InstantlyApiError, InstantlyError } from "../client/errors.js";
import type { InstantlyClient } from "../client/client-types.js";
import type { LeadTarget, TargetKind } from "../spec/lead-target.js";
import { isNotContacting } from "../targets/campaign-status.js";
import { isTargetId, queryOf, resolveTarget, type TargetQuery } from "../targets/resolve-target.js";
import { describeTarget, InstantlyTargetError } from "../targets/target-error.js";
import { clientFor } from "./api-client.js";
import { API_KEY_ENV, resolveApiKey } from "./api-key.js";
import { createPrinter, type CliIo, type Printer } from "./cli-io.js";
import { EXIT } from "./errors.js";
import { isTargetQuery, type ImportCommand, type TargetChoice } from "./options.js";

/** An import command whose target is known by id. */
export type TargetedCommand = Omit<ImportCommand, "target"> & { target: LeadTarget };

/** The listing command that shows the targets of a kind. */
export const LISTING_COMMAND: Record<TargetKind, string> = { campaign: "campaigns", list: "lists" };

function leadTargetOf(kind: TargetKind, id: string): LeadTarget {
  return kind === "campaign" ? { campaign_id: id } : { list_id: id };
}

function queryFor(target: TargetChoice): TargetQuery {
  if (isTargetQuery(target)) return target;
  return target.campaign_id !== undefined
    ? { campaign: target.campaign_id }
    : { list: target.list_id };
}

/** The target when it is known without a request: an id, and no preflight or a dry run. */
export function targetWithoutLookup(
  target: TargetChoice,
  preflight: boolean,
): LeadTarget | undefined {
  const { kind, value } = queryOf(queryFor(target));
  return !preflight && isTargetId(value) ? leadTargetOf(kind, value) : undefined;
}

/**
 * Looks the target up before any row is read: prints the plan line ("campaign 'Q4 outreach'
 * (Active)") and a warning for a campaign that will not contact its leads. Resolves to the target,
 * or to the exit code when it is unknown, ambiguous, refused (wrong key, no access) or, with
 * --require-active, not contacting its leads.
 */
export async function chooseTarget(
  command: Pick<ImportCommand, "target" | "requireActive" | "quiet">,
  client: InstantlyClient,
  printer: Printer,
  signal?: AbortSignal,
): Promise<LeadTarget | number> {
  const query = queryFor(command.target);
  const { kind } = queryOf(query);
  let resolved;
  try {
    resolved = await resolveTarget(client, query, { signal });
  } catch (error) {
    if (error instanceof InstantlyAbortError) {
      printer.err("interrupted before the import started");
      return EXIT.incomplete;
    }
    if (error instanceof InstantlyTargetError) {
      printer.err(`error: ${error.message}`);
      printer.err(`List them with: instantly-client ${LISTING_COMMAND[kind]} --search TEXT`);
      return EXIT.usage;
    }
    if (!(error instanceof InstantlyError)) throw error;
    const access =
      error instanceof InstantlyApiError && (error.status === 401 || error.status === 403)
        ? `; check the key (${API_KEY_ENV} or --api-key-file) and its scopes`
        : "";
    printer.err(`error: could not check the ${kind}: ${error.message}${access}`);
    printer.err("Nothing was read or sent.");
    return EXIT.usage;
  }
  if (!command.quiet) printer.err(`Target: ${describeTarget(resolved)}, id ${resolved.id}`);
  if (resolved.status !== undefined && isNotContacting(resolved.status)) {
    const problem = `${describeTarget(resolved)} will not contact the leads added to it until it is active`;
    if (command.requireActive) {
      printer.err(`error: ${problem} (--require-active). Nothing was read or sent.`);
      return EXIT.usage;
    }
    printer.err(`warning: ${problem} (--require-active refuses it)`);
  }
  return resolved.target;
}

/**
 * The target of `import --dry-run`: an id is taken as given (no request); a name needs the key
 * and one read-only lookup, with the same plan line and status warning as an import.
 */
export async function targetForDryRun(
  command: ImportCommand,
  io: CliIo,
  signal: AbortSignal,
): Promise<LeadTarget | number> {
  const known = targetWithoutLookup(command.target, false);
  if (known !== undefined) return known;
  const apiKey = await resolveApiKey(io.env, command.apiKeyFile);
  const printer = createPrinter(io, apiKey);
  return chooseTarget(command, clientFor(command, apiKey), printer, signal);
}
