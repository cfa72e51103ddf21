/** What replaces the API key wherever it would otherwise be shown. */
export const REDACTED = "[redacted]";

/** Returns `text` with every occurrence of `secret` replaced. */
export function redactText(text: string, secret: string): string {
  return text.includes(secret) ? text.replaceAll(secret, REDACTED) : text;
}

/** Deep copy of plain data (strings, arrays, plain objects) with every occurrence of `secret` replaced. */
export function redactData<T>(value: T, secret: string): T {
  if (typeof value === "string") return redactText(value, secret) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactData(item, secret)) as T;
  if (typeof value === "object" && value !== null && isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        redactText(key, secret),
        redactData(item, secret),
      ]),
    ) as T;
  }
  return value;
}

// Shorter "keys" (test stand-ins) would blank out ordinary words; real keys are far longer.
const REDACTABLE_LENGTH = 8;

/**
 * `redactText` for what the CLI prints or saves, where the key may be absent or a short stand-in;
 * the client redacts whatever key it was given.
 */
export function redactKey(text: string, key: string | undefined): string {
  if (key === undefined || key.length < REDACTABLE_LENGTH) return text;
  return text.replaceAll(key, REDACTED);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
