import { fullFormats } from "ajv-formats/dist/formats.js";

const EMAIL = fullFormats.email as RegExp;

/** A field as the server reads it: the trimmed string, or undefined when absent, null or blank. */
export function presentText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Whether an email is syntactically valid (ajv-formats' full "email" format). */
export function isValidEmail(email: string): boolean {
  return EMAIL.test(email);
}

/** A matcher for a blocklist of emails ("a@b.example") and domains ("@b.example" or "b.example"). */
export function createBlocklist(entries: readonly string[]): (email: string) => boolean {
  const emails = new Set<string>();
  const domains = new Set<string>();
  for (const entry of entries) {
    const lower = entry.trim().toLowerCase();
    const at = lower.indexOf("@");
    if (at > 0) emails.add(lower);
    else domains.add(at === 0 ? lower.slice(1) : lower);
  }
  return (email) => {
    const lower = email.toLowerCase();
    return emails.has(lower) || domains.has(lower.slice(lower.lastIndexOf("@") + 1));
  };
}
