import { InstantlyError } from "../client/errors.js";
import type { TargetKind } from "../spec/lead-target.js";
import type { TargetSummary } from "./fetch-targets.js";

/** Why a target could not be resolved. */
export type TargetErrorReason = "not-found" | "ambiguous";

/**
 * No campaign or list matches the name or id given, or several have that name. `candidates`
 * lists the ones that match (ambiguous) or that the search found (not found), with id and status.
 */
export class InstantlyTargetError extends InstantlyError {
  static {
    this.prototype.name = "InstantlyTargetError";
  }
  readonly kind: TargetKind;
  /** The name or id that was given. */
  readonly query: string;
  readonly reason: TargetErrorReason;
  readonly candidates: readonly TargetSummary[];

  constructor(
    details: {
      kind: TargetKind;
      query: string;
      reason: TargetErrorReason;
      candidates: readonly TargetSummary[];
    },
    options?: ErrorOptions,
  ) {
    super(targetErrorMessage(details), options);
    this.kind = details.kind;
    this.query = details.query;
    this.reason = details.reason;
    this.candidates = details.candidates;
  }
}

/** "campaign 'Q4 outreach' (Active)" */
export function describeTarget(target: TargetSummary): string {
  const status = target.statusLabel === undefined ? "" : ` (${target.statusLabel})`;
  return `${target.kind} '${target.name}'${status}`;
}

function targetErrorMessage(details: {
  kind: TargetKind;
  query: string;
  reason: TargetErrorReason;
  candidates: readonly TargetSummary[];
}): string {
  const { kind, query, reason, candidates } = details;
  const listed = candidates.map((c) => `\n  ${c.id}  ${describeTarget(c)}`).join("");
  if (reason === "ambiguous") {
    return `${candidates.length} ${kind}s are named '${query}'; give the id of one:${listed}`;
  }
  const similar = candidates.length > 0 ? `; similar names:${listed}` : "";
  return `no ${kind} named or with the id '${query}' in this workspace${similar}`;
}
