// Prints JSON values as TypeScript literals in the layout prettier gives them under the config of
// generated/ (tabWidth 4, a printWidth no line reaches), so the emitted files need no formatter:
// a non-empty object is always expanded (prettier keeps an object expanded when its first key
// starts a new line), an array stays on one line unless an element forces a break, keys are
// quoted only when they are not identifiers, and strings take prettier's preferred quotes.

const INDENT = "    ";

/** A JSON value as a TypeScript expression, its nested lines indented from `indent`. */
export function printLiteral(value: unknown, indent = ""): string {
  if (value === null || typeof value === "boolean") return String(value);
  if (typeof value === "number") return printNumber(value);
  if (typeof value === "string") return printString(value);
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (!breaks(value)) return `[${value.map((item) => printLiteral(item, indent)).join(", ")}]`;
    return `[\n${value.map((item) => `${inner}${printLiteral(item, inner)},\n`).join("")}${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const lines = entries.map(
    ([key, item]) => `${inner}${printKey(key)}: ${printLiteral(item, inner)},\n`,
  );
  return `{\n${lines.join("")}${indent}}`;
}

/** An object key: bare when it is an identifier name, else a string. */
export function printKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : printString(key);
}

/** A string literal in double quotes, or single quotes when it holds more double than single quotes. */
export function printString(text: string): string {
  const json = JSON.stringify(text);
  const doubles = text.split('"').length - 1;
  const singles = text.split("'").length - 1;
  if (doubles <= singles) return json;
  const body = json.slice(1, -1).replace(/\\(.)|'/g, (match: string, escaped?: string) => {
    if (escaped === undefined) return "\\'";
    return escaped === '"' ? '"' : match;
  });
  return `'${body}'`;
}

function printNumber(value: number): string {
  // prettier drops the `+` of an exponent; JSON has no other spelling prettier changes.
  return JSON.stringify(value).replace("e+", "e");
}

// Whether prettier breaks an array over several lines: when an element holds an expanded object,
// or every element is an object or array of more than one member (its rule for matrices).
function breaks(items: unknown[]): boolean {
  if (items.some(holdsObject)) return true;
  return (
    items.length > 1 &&
    items.every((item) => typeof item === "object" && item !== null && size(item) > 1) &&
    items.every((item) => Array.isArray(item) === Array.isArray(items[0]))
  );
}

function holdsObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsObject);
  return Object.keys(value).length > 0;
}

function size(value: object): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

// A one-line JSDoc comment; a star-slash in the text would end it early, so it is escaped.
export function docComment(text: string): string {
  return `/** ${text.replace(/\*\//g, "*\\/")} */\n`;
}
