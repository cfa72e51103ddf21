import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

type LeadField = (typeof bulkAddLeadsSpec.arrays.leads.itemProperties)[number];

/**
 * Where one CSV column goes: a lead field (parsed as a number when the spec says so, its enum labels
 * read as their values) or a custom variable.
 */
export type Column =
  | { kind: "field"; field: LeadField; numeric: boolean; labels?: ReadonlyMap<string, number> }
  | { kind: "custom"; name: string };

// Type-checked against the spec, so a renamed field fails the build instead of sending a stale name.
const CUSTOM_FIELD = "custom_variables" satisfies LeadField;
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

const fieldsByKey = new Map<string, LeadField>(
  bulkAddLeadsSpec.arrays.leads.itemProperties.map((field) => [normalizeHeader(field), field]),
);

/** Maps a header row to lead fields and custom variables; throws a message naming the bad column. */
export function planColumns(header: readonly string[]): Column[] {
  const seen = new Map<string, number>();
  return header.map((raw, position) => {
    const name = raw.trim();
    const where = `column ${position + 1}`;
    if (name === "") throw new Error(`${where} has an empty header`);
    const field = fieldsByKey.get(normalizeHeader(name));
    const types = field === undefined ? [] : typesOf(field);
    if (field !== undefined && types.includes("object")) {
      throw new Error(
        `${where} "${name}" names the object field ${field}; other columns become its entries, so drop or rename this one`,
      );
    }
    const key = field ?? name;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new Error(`${where} "${name}" maps to ${key}, like column ${earlier + 1}`);
    }
    seen.set(key, position);
    return field === undefined
      ? { kind: "custom", name }
      : {
          kind: "field",
          field,
          numeric: types.includes("number") || types.includes("integer"),
          labels: enumLabels(field),
        };
  });
}

// Few enough to read in one message, and enough to recognise the line.
const QUOTED_CELLS = 5;

/**
 * Throws unless some column maps to a lead field: otherwise every row would be rejected, and the
 * first line is most likely a row of data that would be lost as a header.
 */
export function requireLeadField(header: readonly string[], columns: readonly Column[]): void {
  if (columns.some((column) => column.kind === "field")) return;
  const fields = bulkAddLeadsSpec.arrays.leads.itemProperties.filter((f) => f !== CUSTOM_FIELD);
  const cells = header.slice(0, QUOTED_CELLS).map((cell) => JSON.stringify(cell));
  const more = header.length > QUOTED_CELLS ? ", ..." : "";
  throw new Error(
    `no column maps to a lead field (${fields.join(", ")}); the line reads ${cells.join(", ")}${more}. ` +
      "Add a header line if the file has none",
  );
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

function typedValue(cell: string): string | number | boolean {
  if (NUMBER.test(cell)) return Number(cell);
  const lower = cell.toLowerCase();
  if (lower === "true" || lower === "false") return lower === "true";
  return cell;
}

/** Builds one lead from a record's cells: trimmed, empty cells omitted, the rest in custom_variables. */
export function leadFromCells(
  cells: readonly string[],
  columns: readonly Column[],
  typedColumns: boolean,
): Record<string, unknown> {
  const lead: Record<string, unknown> = {};
  let custom: Record<string, unknown> | undefined;
  columns.forEach((column, position) => {
    const cell = cells[position]?.trim() ?? "";
    if (cell === "") return;
    if (column.kind === "field") {
      // A cell that is neither a plain number nor a label stays a string so validation names it.
      const labelled = column.labels?.get(normalizeHeader(cell));
      if (labelled !== undefined) lead[column.field] = labelled;
      else lead[column.field] = column.numeric && NUMBER.test(cell) ? Number(cell) : cell;
      return;
    }
    custom ??= {};
    custom[column.name] = typedColumns ? typedValue(cell) : cell;
  });
  if (custom !== undefined) lead[CUSTOM_FIELD] = custom;
  return lead;
}
