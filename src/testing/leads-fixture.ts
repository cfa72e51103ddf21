import type { BulkAddLeadsLead } from "../../generated/client.gen.js";

/** Shares (0..1) of problem leads mixed into a fixture, and its seed. */
export interface LeadsFixtureOptions {
  /** Default 1; the same seed always gives the same leads. */
  seed?: number;
  /** Leads with a missing or malformed email. */
  invalidEmailRate?: number;
  /** Leads repeating an earlier lead's email in upper case. */
  duplicateRate?: number;
  /** Leads whose email is on `blockedDomain`. */
  blockedRate?: number;
  /** Default "blocked.example": put it in the fake's `blocklist`. */
  blockedDomain?: string;
  /** Default "example.com". */
  emailDomain?: string;
}

const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Radia", "Linus"];
const LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Perlman"];
const PLANS = ["free", "pro", "enterprise"];

/** Typical leads, one at a time, deterministic for a seed; for streams of any length. */
export function* generateLeads(
  count: number,
  options: LeadsFixtureOptions = {},
): Generator<BulkAddLeadsLead> {
  const random = mulberry32(options.seed ?? 1);
  const invalid = options.invalidEmailRate ?? 0;
  const duplicate = invalid + (options.duplicateRate ?? 0);
  const blocked = duplicate + (options.blockedRate ?? 0);
  const domain = options.emailDomain ?? "example.com";
  let lastValidEmail: string | undefined;
  for (let index = 0; index < count; index += 1) {
    const first = pick(FIRST_NAMES, random);
    const last = pick(LAST_NAMES, random);
    const local = `${first}.${last}.${index}`.toLowerCase();
    const roll = random();
    const valid = `${local}@${domain}`;
    let email: string | null = valid;
    if (roll < invalid) email = random() < 0.5 ? null : `${local}-at-${domain}`;
    else if (roll < duplicate) email = lastValidEmail?.toUpperCase() ?? valid;
    else if (roll < blocked) email = `${local}@${options.blockedDomain ?? "blocked.example"}`;
    if (email === valid) lastValidEmail = valid;
    yield {
      email,
      first_name: first,
      last_name: last,
      company_name: `${last} Labs`,
      custom_variables: {
        plan: pick(PLANS, random),
        seats: 1 + Math.floor(random() * 500),
        trial: random() < 0.3,
      },
    };
  }
}

/** `count` typical leads as an array, with invalid, duplicate and blocklisted ones mixed in as asked. */
export function leadsFixture(count: number, options: LeadsFixtureOptions = {}): BulkAddLeadsLead[] {
  return [...generateLeads(count, options)];
}

function pick<T>(values: readonly T[], random: () => number): T {
  return values[Math.floor(random() * values.length)] as T;
}

/** A tiny seeded PRNG (mulberry32): reproducible fixtures without a runtime dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
