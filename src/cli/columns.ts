import { bulkAddLeadsSpec } from "../../generated/constraints.gen.js";

type LeadField = (typeof bulkAddLeadsSpec.arrays.leads.itemProperties)[number];

/** Where one CSV column goes: a lead field (parsed as a number when the spec says so) or a custom variable. */
export type Column =
  { kind: "field"; field: LeadField; numeric: boolean } | { kind: "custom"; name: string };

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
      : { kind: "field", field, numeric: types.includes("number") || types.includes("integer") };
  });
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
      // A cell that is not a plain number stays a string so validation names it.
      lead[column.field] = column.numeric && NUMBER.test(cell) ? Number(cell) : cell;
      return;
    }
    custom ??= {};
    custom[column.name] = typedColumns ? typedValue(cell) : cell;
  });
  if (custom !== undefined) lead[CUSTOM_FIELD] = custom;
  return lead;
}
