import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";
import { EMAIL, FIRST_NAME, hasText, LAST_NAME } from "./lead-fields.js";
import { bodyFieldIssues, leadSchemaIssues } from "./schema-validator.js";
import { specNames } from "../spec/spec-names.js";
import { targetIssues, targetKind, type LeadTarget, type TargetKind } from "../spec/lead-target.js";
import type { LeadIssue } from "../spec/lead-issue.js";

const leadsArray = bulkAddLeadsSpec.arrays.leads;
const [LEADS] = specNames(["leads"], bulkAddLeadsSpec.requestBody.properties, "the body");
const LIST_IDENTITY = [EMAIL, FIRST_NAME, LAST_NAME];

/** Every issue of one lead for a target of the given kind (none known: schema rules only). */
export function leadIssues(
  kind: TargetKind | undefined,
  lead: unknown,
  index: number,
): LeadIssue[] {
  const issues = leadSchemaIssues(lead, index);
  if (typeof lead !== "object" || lead === null || Array.isArray(lead)) return issues;
  const record = lead as Record<string, unknown>;
  if (kind === "campaign" && !hasText(record[EMAIL])) {
    if (!issues.some((issue) => issue.field === EMAIL)) {
      issues.push({
        index,
        field: EMAIL,
        message: "is required for a campaign: a non-empty string",
      });
    }
  } else if (kind === "list" && !LIST_IDENTITY.some((name) => hasText(record[name]))) {
    issues.push({
      index,
      field: "",
      message: `needs a non-empty ${EMAIL}, ${FIRST_NAME} or ${LAST_NAME} for a list`,
    });
  }
  return issues;
}

/** Every issue of one lead for the given target: the spec's schema plus its prose rules. */
export function validateLead(target: LeadTarget, lead: unknown, index: number): LeadIssue[] {
  return leadIssues(targetKind(target), lead, index);
}

/** The body-level issues of a target (or a body without its leads): exclusivity and id formats. */
export function validateTarget(target: unknown): LeadIssue[] {
  const exclusivity = targetIssues(target);
  if (typeof target !== "object" || target === null) return exclusivity;
  return [...exclusivity, ...bodyFieldIssues(target)];
}

/** Every issue of a target and its leads, without throwing: for dry runs. */
export function validateLeads(target: LeadTarget, leads: readonly unknown[]): LeadIssue[] {
  const issues = validateTarget(target);
  const kind = targetKind(target);
  leads.forEach((lead, index) => issues.push(...leadIssues(kind, lead, index)));
  return issues;
}

/** Every issue of a whole bulkAddLeads body: target, body fields, leads count and each lead. */
export function validateAddLeadsBody(body: unknown): LeadIssue[] {
  const issues = validateTarget(body);
  if (typeof body !== "object" || body === null) return issues;
  const leads = (body as Record<string, unknown>)[LEADS];
  if (!Array.isArray(leads)) {
    issues.push({ index: -1, field: LEADS, message: "must be an array of leads" });
    return issues;
  }
  const { minItems, maxItems } = leadsArray;
  if (leads.length < minItems || leads.length > maxItems) {
    issues.push({
      index: -1,
      field: LEADS,
      message: `must hold ${minItems} to ${maxItems} leads per request, got ${leads.length}`,
    });
  }
  const kind = targetKind(body);
  leads.forEach((lead, index) => issues.push(...leadIssues(kind, lead, index)));
  return issues;
}
