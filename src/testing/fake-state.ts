import { zeroCounters } from "../leads/response.js";
import type {
  FakeLead,
  FakeLogEntry,
  FakeState,
  FakeTarget,
  FakeTotals,
} from "./fake-instantly.js";

/** Leads and their lowercase emails in one campaign or list. */
interface TargetContents {
  leads: FakeLead[];
  emails: Set<string>;
}

/** Which targets exist: a fixed set, or any uuid when neither campaigns nor lists were configured. */
export interface KnownTargets {
  campaigns?: readonly string[];
  lists?: readonly string[];
}

/** The fake workspace: its leads, per-target indexes, counters and request log. */
export class WorkspaceState implements FakeState {
  requests = 0;
  listRequests = 0;
  applied = 0;
  responses: Record<string, number> = {};
  leads: FakeLead[] = [];
  totals: FakeTotals = zeroCounters();
  remainingInPlan: number;
  log: FakeLogEntry[] = [];
  readonly #targets = new Map<string, TargetContents>();
  readonly #inCampaigns = new Set<string>();
  readonly #inLists = new Set<string>();
  readonly #known: { campaigns: Set<string>; lists: Set<string> } | undefined;
  readonly #startedAt = performance.now();

  constructor(remainingInPlan: number, known: KnownTargets) {
    this.remainingInPlan = remainingInPlan;
    const configured = known.campaigns !== undefined || known.lists !== undefined;
    this.#known = configured
      ? { campaigns: lowercaseSet(known.campaigns), lists: lowercaseSet(known.lists) }
      : undefined;
  }

  /** Leads created in one campaign or list, in creation order. */
  leadsIn(target: FakeTarget): FakeLead[] {
    return [...(this.#targets.get(targetKey(target))?.leads ?? [])];
  }

  /** Whether the campaign or list exists in this workspace. */
  targetExists(target: FakeTarget): boolean {
    if (this.#known === undefined) return true;
    return "campaign_id" in target
      ? this.#known.campaigns.has(target.campaign_id.toLowerCase())
      : this.#known.lists.has(target.list_id.toLowerCase());
  }

  /** Whether a lowercase email is already in this campaign or list. */
  isInTarget(target: FakeTarget, email: string): boolean {
    return this.#targets.get(targetKey(target))?.emails.has(email) ?? false;
  }

  /** Whether a lowercase email is in any campaign. */
  isInAnyCampaign(email: string): boolean {
    return this.#inCampaigns.has(email);
  }

  /** Whether a lowercase email is in any list. */
  isInAnyList(email: string): boolean {
    return this.#inLists.has(email);
  }

  /** Stores a created lead and indexes its email. */
  addLead(lead: FakeLead): void {
    this.leads.push(lead);
    const key = targetKey(lead.target);
    let contents = this.#targets.get(key);
    if (contents === undefined) {
      contents = { leads: [], emails: new Set() };
      this.#targets.set(key, contents);
    }
    contents.leads.push(lead);
    if (lead.email === null) return;
    const email = lead.email.toLowerCase();
    contents.emails.add(email);
    ("campaign_id" in lead.target ? this.#inCampaigns : this.#inLists).add(email);
  }

  /** Adds one applied request's counters to the totals. */
  addTotals(counts: FakeTotals): void {
    this.applied += 1;
    for (const name of Object.keys(this.totals) as Array<keyof FakeTotals>) {
      this.totals[name] += counts[name];
    }
  }

  /** Logs how a request ended and counts its answer. */
  record(
    requestNumber: number,
    status: number | "reset",
    applied: boolean,
    queuedMs?: number,
  ): void {
    this.responses[status] = (this.responses[status] ?? 0) + 1;
    this.log.push({
      requestNumber,
      status,
      applied,
      at: Math.round(performance.now() - this.#startedAt),
      ...(queuedMs === undefined ? {} : { queuedMs }),
    });
  }
}

/** uuids compare case-insensitively, as the API stores them as uuids rather than text. */
function targetKey(target: FakeTarget): string {
  const key = "campaign_id" in target ? `campaign:${target.campaign_id}` : `list:${target.list_id}`;
  return key.toLowerCase();
}

function lowercaseSet(values: readonly string[] = []): Set<string> {
  return new Set(values.map((value) => value.toLowerCase()));
}
