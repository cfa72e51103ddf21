import { normalizeHeader, type Column } from "./columns.js";
import { splitFullName } from "./full-name.js";
import { CUSTOM_FIELD, FIRST_NAME, LAST_NAME } from "./lead-field.js";

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?$/;

// A lead field the spec types as a number: a decimal reads as one (1.50 is 1.5), but an integer
// past 2^53 would arrive changed, so it stays text for validation to name.
function fieldNumber(cell: string): number | undefined {
  if (!NUMBER.test(cell)) return undefined;
  const number = Number(cell);
  return cell.includes(".") || Number.isSafeInteger(number) ? number : undefined;
}

// --typed-columns never changes a value: only text that a number prints back exactly is one
// (not 007, 1.50, -0 or 12345678901234567890).
function typedValue(cell: string): string | number | boolean {
  if (NUMBER.test(cell) && String(Number(cell)) === cell) return Number(cell);
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
    if (cell === "" || column.kind === "drop") return;
    if (column.kind === "name") {
      const { first, last } = splitFullName(cell);
      lead[FIRST_NAME] = first;
      if (last !== undefined) lead[LAST_NAME] = last;
      return;
    }
    if (column.kind === "field") {
      // A cell that is neither a plain number nor a label stays a string so validation names it.
      const labelled = column.labels?.get(normalizeHeader(cell));
      if (labelled !== undefined) lead[column.field] = labelled;
      else lead[column.field] = (column.numeric ? fieldNumber(cell) : undefined) ?? cell;
      return;
    }
    custom ??= {};
    custom[column.name] = typedColumns ? typedValue(cell) : cell;
  });
  if (custom !== undefined) lead[CUSTOM_FIELD] = custom;
  return lead;
}
