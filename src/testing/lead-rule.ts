import type { BulkAddLeadsBody } from "../../generated/client.gen.js";
import { errorReply, type Reply } from "./replies.js";
import type { FakeLeadRule } from "./fake-instantly.js";

const DEFAULT_FIELD = "email";
const DEFAULT_STATUS = 400;

/**
 * The refusal of a body by a rule the spec does not state (`leadRule`): the whole request is
 * answered, naming the first lead the rule refuses; undefined when no lead breaks it.
 */
export function leadRuleRefusal(
  rule: FakeLeadRule | undefined,
  body: BulkAddLeadsBody,
): Reply | undefined {
  if (rule === undefined) return undefined;
  const field = rule.field ?? DEFAULT_FIELD;
  const pattern = typeof rule.matches === "string" ? new RegExp(rule.matches) : rule.matches;
  const position = body.leads.findIndex((lead) => {
    const value = (lead as Record<string, unknown>)[field];
    return typeof value === "string" && pattern.test(value);
  });
  if (position < 0) return undefined;
  // Fastify's wording for a schema refusal, as the API's 400s read.
  const message =
    rule.namePosition === false
      ? `${field} is not valid`
      : `body/leads/${position}/${field} is not valid`;
  return errorReply(rule.status ?? DEFAULT_STATUS, message);
}
