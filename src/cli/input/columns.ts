import { bulkAddLeadsSpec } from "../../../generated/constraints.gen.js";
import { FULL_NAME_HEADERS, HEADER_ALIASES, NAMES_BESIDE_FIRST_NAME } from "./header-aliases.js";
import { isResultColumn } from "./result-columns.js";
import { CUSTOM_FIELD, EMAIL_FIELD, FIRST_NAME, LAST_NAME, type LeadField } from "./lead-field.js";

/**
 * Where one CSV column goes: a lead field (parsed as a number when the spec says so, its enum labels
 * read as their values), a custom variable, or nowhere.
 */
export type Column =
  | { kind: "field"; field: LeadField; numeric: boolean; labels?: ReadonlyMap<string, number> }
  | { kind: "custom"; name: string }
  | { kind: "drop" }
  /** A whole name, split into first_name and last_name (splitFullName). */
  | { kind: "name" };

const itemSchemas = bulkAddLeadsSpec.requestBody.schema.properties.leads.items.properties;

function typesOf(field: LeadField): readonly string[] {
  const type: string | readonly string[] = itemSchemas[field].type;
  return typeof type === "string" ? [type] : type;
}

/** Lowercase letters and digits only, so `First Name`, `first_name`, `first-name` and `FIRSTNAME` meet. */
export function normalizeHeader(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

type EnumFacts = { values: readonly (string | number)[]; labels: Readonly<Record<string, string>> };
const enums: Readonly<Record<string, EnumFacts | undefined>> = bulkAddLeadsSpec.enums;

// CRM exports write an enum as its label ("Interested"); the spec's x-enumDescriptions name each value.
function enumLabels(field: LeadField): ReadonlyMap<string, number> | undefined {
  const facts = enums[`requestBody.leads[].${field}`];
  if (facts === undefined) return undefined;
  return new Map(
    facts.values.flatMap((value) => {
      const label = facts.labels[String(value)];
      if (label === undefined || typeof value !== "number") return [];
      return [[normalizeHeader(label), value] as const];
    }),
  );
}

const leadFields: readonly LeadField[] = bulkAddLeadsSpec.arrays.leads.itemProperties;
const fieldsByKey = new Map<string, LeadField>(
  leadFields.map((field) => [normalizeHeader(field), field]),
);

// Each normalised name with its field and rank (the field's own name first, then the table's order).
const aliasesByKey = new Map<string, { field: LeadField; rank: number }>(
  Object.entries(HEADER_ALIASES as Readonly<Record<string, readonly string[]>>).flatMap(
    ([field, names]) =>
      names.map((name, rank) => [
        normalizeHeader(name),
        { field: field as LeadField, rank: rank + 1 },
      ]),
  ),
);
for (const [key, field] of fieldsByKey) aliasesByKey.set(key, { field, rank: 0 });

/** What happens to the columns that map to no lead field. */
export const CUSTOM_VARIABLES_MODES = ["all", "mapped", "none"] as const;
/** `all`: every unmapped column is a custom variable; `mapped`: only those `--map` names; `none`: none. */
export type CustomVariablesMode = (typeof CUSTOM_VARIABLES_MODES)[number];

/** The user's say over the mapping: `--map` / `--map-file` entries and `--custom-variables`. */
export interface MappingOptions {
  /** Header (as written, or matched like a lead field's name) -> lead field, `custom_variables.NAME` or `-`. */
  map?: ReadonlyArray<readonly [string, string]>;
  customVariables?: CustomVariablesMode;
  /** Split a full-name column when no column is first_name or last_name (default true). */
  splitName?: boolean;
}

/** The columns of a header and what the automatic mapping chose where two columns competed. */
export interface ColumnPlan {
  header: string[];
  columns: Column[];
  /** e.g. `"Work Email" also looks like email; "Email" was chosen (...)`. */
  notes: string[];
}

const CUSTOM_PREFIX = `${CUSTOM_FIELD}.`;
const DROP = "-";
const fullNameRanks = new Map(FULL_NAME_HEADERS.map((name, rank) => [normalizeHeader(name), rank]));
const besideFirstName = new Set<string>(NAMES_BESIDE_FIRST_NAME.map(normalizeHeader));

/**
 * Header names made distinct: the second `UNSUB_REASON` (Mailchimp writes some twice) becomes
 * `UNSUB_REASON (2)`, the third `(3)`, skipping names the header already has. Returns a note for
 * each renamed column.
 */
export function distinctHeader(names: readonly string[]): { names: string[]; notes: string[] } {
  const taken = new Set(names);
  const counts = new Map<string, number>();
  const notes: string[] = [];
  const distinct = names.map((name, position) => {
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    if (count === 1 || name === "") return name;
    let suffix = count;
    while (taken.has(`${name} (${suffix})`)) suffix += 1;
    const renamed = `${name} (${suffix})`;
    taken.add(renamed);
    notes.push(
      `column ${position + 1} repeats the header ${JSON.stringify(name)}: it is read as ${JSON.stringify(renamed)}`,
    );
    return renamed;
  });
  return { names: distinct, notes };
}

function fieldColumn(field: LeadField, where: string, name: string): Column {
  const types = typesOf(field);
  if (types.includes("object")) {
    throw new Error(
      `${where} "${name}" names the object field ${field}; other columns become its entries, so drop or rename this one (--map "${name}=-")`,
    );
  }
  return {
    kind: "field",
    field,
    numeric: types.includes("number") || types.includes("integer"),
    labels: enumLabels(field),
  };
}

// A --map target: a lead field (by name, matched like a header), custom_variables.NAME, or "-".
function targetColumn(target: string, where: string, name: string): Column {
  const trimmed = target.trim();
  if (trimmed === DROP) return { kind: "drop" };
  if (trimmed.startsWith(CUSTOM_PREFIX) && trimmed.length > CUSTOM_PREFIX.length) {
    return { kind: "custom", name: trimmed.slice(CUSTOM_PREFIX.length) };
  }
  const field = fieldsByKey.get(normalizeHeader(trimmed));
  if (field === undefined || field === CUSTOM_FIELD) {
    const fields = leadFields.filter((f) => f !== CUSTOM_FIELD).join(", ");
    throw new Error(
      `--map "${name}=${target}": ${JSON.stringify(target)} is not a lead field (${fields}), ${CUSTOM_PREFIX}NAME or ${DROP}`,
    );
  }
  return fieldColumn(field, where, name);
}

function findColumn(header: readonly string[], name: string): number {
  const exact = header.findIndex((cell) => cell.trim() === name.trim());
  if (exact >= 0) return exact;
  const key = normalizeHeader(name);
  const loose = header.findIndex((cell) => normalizeHeader(cell) === key);
  if (loose >= 0) return loose;
  const quoted = header.map((cell) => JSON.stringify(cell.trim())).join(", ");
  throw new Error(
    `--map names the column ${JSON.stringify(name)}, which the header lacks (${quoted})`,
  );
}

/**
 * Maps a header row to lead fields, custom variables or nothing: `--map` first, then the names of
 * HEADER_ALIASES (the best-ranked column wins a field), then `customVariables` for the rest.
 * Throws a message naming the bad column.
 */
export function planColumns(header: readonly string[], options: MappingOptions = {}): ColumnPlan {
  const mode = options.customVariables ?? "all";
  const { names, notes: renamed } = distinctHeader(header.map((cell) => cell.trim()));
  const columns: Array<Column | undefined> = names.map(() => undefined);
  const explicit = new Set<number>();
  for (const [name, target] of options.map ?? []) {
    const position = findColumn(names, name);
    const column = targetColumn(target, `column ${position + 1}`, names[position] ?? name);
    if (column.kind === "custom" && mode === "none") {
      throw new Error(`--map "${name}=${target}" contradicts --custom-variables none`);
    }
    columns[position] = column;
    explicit.add(position);
  }
  const notes: string[] = [...renamed];
  // An errors file imported again: the outcome columns it added are not the lead's.
  const outcome = names.filter((name, position) => !explicit.has(position) && isResultColumn(name));
  names.forEach((name, position) => {
    if (!explicit.has(position) && isResultColumn(name)) columns[position] = { kind: "drop" };
  });
  if (outcome.length > 0) {
    const quoted = outcome.map((name) => JSON.stringify(name)).join(", ");
    notes.push(`${quoted}: the outcome columns of a results or errors file, dropped`);
  }
  const claimed = new Map<LeadField, { position: number; rank: number }>();
  for (const column of columns)
    if (column?.kind === "field") claimed.set(column.field, { position: -1, rank: -1 });
  const losers: number[] = [];
  names.forEach((name, position) => {
    if (explicit.has(position) || columns[position] !== undefined) return;
    if (name === "")
      throw new Error(
        `column ${position + 1} has an empty header; name it, or drop it from the file`,
      );
    const alias = aliasesByKey.get(normalizeHeader(name));
    if (alias === undefined) return;
    const holder = claimed.get(alias.field);
    if (holder === undefined || (holder.position >= 0 && alias.rank < holder.rank)) {
      if (holder !== undefined) losers.push(holder.position);
      claimed.set(alias.field, { position, rank: alias.rank });
      columns[position] = fieldColumn(alias.field, `column ${position + 1}`, name);
    } else {
      losers.push(position);
    }
  });
  for (const position of losers) {
    columns[position] = undefined;
    const name = names[position] ?? "";
    const field = aliasesByKey.get(normalizeHeader(name))?.field;
    const winner = [...claimed].find(([f]) => f === field)?.[1].position ?? -1;
    const chosen = winner >= 0 ? JSON.stringify(names[winner]) : "a --map entry";
    notes.push(
      `"${name}" also looks like ${field}; ${chosen} was chosen (--map "${name}=${field}" to take this one)`,
    );
  }
  notes.push(...planFullName(names, columns, explicit, claimed, options.splitName !== false));
  const seen = new Map<string, number>();
  const planned = columns.map((column, position): Column => {
    const resolved: Column =
      column ??
      (mode === "all" ? { kind: "custom", name: names[position] ?? "" } : { kind: "drop" });
    if (resolved.kind === "drop" || resolved.kind === "name") return resolved;
    const key = resolved.kind === "field" ? resolved.field : `${CUSTOM_PREFIX}${resolved.name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new Error(
        `column ${position + 1} "${names[position]}" maps to ${key}, like column ${earlier + 1}; --map one of them elsewhere`,
      );
    }
    seen.set(key, position);
    return resolved;
  });
  return { header: names, columns: planned, notes };
}

/**
 * A column of whole names, when no column is first_name or last_name: the best-ranked
 * FULL_NAME_HEADERS column not placed by --map, or a `Nom` taken for last_name without a first
 * name beside it. Sets it in `columns` (without `split`, a lone `Nom` becomes an ordinary column,
 * not a last_name holding whole names); returns the note that says so.
 */
function planFullName(
  names: readonly string[],
  columns: Array<Column | undefined>,
  explicit: ReadonlySet<number>,
  claimed: ReadonlyMap<LeadField, { position: number; rank: number }>,
  split: boolean,
): string[] {
  if (claimed.has(FIRST_NAME)) return [];
  const last = claimed.get(LAST_NAME);
  let position = -1;
  if (last !== undefined) {
    // Only a `Nom` column, which meant the whole name, gives last_name up.
    if (last.position < 0 || !besideFirstName.has(normalizeHeader(names[last.position] ?? "")))
      return [];
    position = last.position;
    if (!split) {
      columns[position] = undefined;
      return [
        `${JSON.stringify(names[position])} has no first-name column beside it, so it holds whole names, not family names: with --no-split-name it is not last_name but a column of its own`,
      ];
    }
  } else if (!split) {
    return [];
  } else {
    let best = Number.POSITIVE_INFINITY;
    names.forEach((name, at) => {
      const rank = fullNameRanks.get(normalizeHeader(name));
      if (explicit.has(at) || rank === undefined || rank >= best) return;
      best = rank;
      position = at;
    });
  }
  if (position < 0) return [];
  columns[position] = { kind: "name" };
  const name = JSON.stringify(names[position]);
  return [
    `${name} holds whole names and no column is first_name or last_name: the first word goes to first_name, the rest to last_name ("Last, First" is read as such); a name that cannot be split (one word, a title like Dr., digits) stays whole in first_name. --no-split-name keeps the column as it is`,
  ];
}

/** The mapping as printed before sending: each field with its column, then custom variables and dropped columns. */
export function describeMapping(plan: ColumnPlan): string {
  const lines: string[] = [];
  const width = Math.max(...leadFields.map((field) => field.length));
  const custom: string[] = [];
  const dropped: string[] = [];
  plan.columns.forEach((column, position) => {
    const name = JSON.stringify(plan.header[position] ?? "");
    if (column.kind === "field") lines.push(`  ${column.field.padEnd(width)} <- ${name}`);
    else if (column.kind === "name") {
      lines.push(`  ${FIRST_NAME.padEnd(width)} <- ${name} (split: the first word)`);
      lines.push(`  ${LAST_NAME.padEnd(width)} <- ${name} (split: the rest)`);
    } else if (column.kind === "custom")
      custom.push(
        column.name === plan.header[position] ? name : `${name} as ${JSON.stringify(column.name)}`,
      );
    else dropped.push(name);
  });
  if (custom.length > 0) lines.push(`  ${CUSTOM_FIELD}: ${custom.join(", ")}`);
  if (dropped.length > 0) lines.push(`  dropped: ${dropped.join(", ")}`);
  lines.push(...plan.notes.map((note) => `  note: ${note}`));
  return `Column mapping:\n${lines.join("\n")}`;
}

// Few enough to read in one message, and enough to recognise the line.
const QUOTED_CELLS = 5;

/**
 * Throws unless some column maps to a lead field: otherwise every row would be rejected, and the
 * first line is most likely a row of data that would be lost as a header.
 */
export function requireLeadField(plan: ColumnPlan): void {
  if (plan.columns.some((column) => column.kind === "field" || column.kind === "name")) return;
  const fields = leadFields.filter((f) => f !== CUSTOM_FIELD);
  const cells = plan.header.slice(0, QUOTED_CELLS).map((cell) => JSON.stringify(cell));
  const more = plan.header.length > QUOTED_CELLS ? ", ..." : "";
  throw new Error(
    `no column maps to a lead field (${fields.join(", ")}); the line reads ${cells.join(", ")}${more}. ` +
      'Add a header line if the file has none, or name the columns with --map "Header=field"',
  );
}

// Loose on purpose: it only decides whether a column was meant to be the email column.
const LOOKS_LIKE_EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

/**
 * Refuses a plan that would create leads without their email: a column whose sampled values are
 * mostly email addresses but maps elsewhere, or (`emailRequired`, a campaign) no email column at all.
 */
export function requireEmailColumn(
  plan: ColumnPlan,
  sample: ReadonlyArray<readonly string[]>,
  emailRequired: boolean,
): void {
  if (plan.columns.some((column) => column.kind === "field" && column.field === EMAIL_FIELD))
    return;
  const position = plan.columns.findIndex((_, at) => {
    const values = sample.map((cells) => cells[at]?.trim() ?? "").filter((cell) => cell !== "");
    const emails = values.filter((cell) => LOOKS_LIKE_EMAIL.test(cell)).length;
    return emails > 0 && emails * 2 >= values.length;
  });
  if (position >= 0) {
    const name = plan.header[position] ?? "";
    throw new Error(
      `no column maps to email, but column ${position + 1} "${name}" holds email addresses; ` +
        `nothing was sent. Add --map "${name}=email" (or --map "${name}=-" to drop it)`,
    );
  }
  if (emailRequired) {
    throw new Error(
      `no column maps to email, and campaign leads need one; nothing was sent. ` +
        `Name the email column with --map "Header=email"`,
    );
  }
}
