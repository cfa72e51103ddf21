import type { JsonObject } from "../spec/json.js";
import { findOperation, listSpecOperations } from "../spec/document-operations.js";
import { DriftSourceError } from "./errors.js";
import {
  LEVELS,
  type Change,
  type DocumentPair,
  type InvalidOperation,
  type Level,
} from "./changes.js";
import { classify } from "./classify.js";
import { diffOperation } from "./diff.js";

/**
 * Classified changes of the pinned operations between two dereferenced documents, most severe
 * first. `invalid` lists upstream operations that could not be dereferenced (see loadUpstream).
 */
export function checkDrift(
  pinned: JsonObject,
  upstream: JsonObject,
  pins: string[],
  invalid: InvalidOperation[] = [],
): Change[] {
  const docs: DocumentPair = {
    pinned,
    upstream,
    invalid,
    clean: { request: new WeakMap(), response: new WeakMap(), operation: new WeakMap() },
  };
  const operations = listSpecOperations(pinned);
  const changes = pins.flatMap((pin) => {
    const entry = findOperation(operations, pin);
    if (!entry) {
      throw new DriftSourceError(
        `the pinned spec has no operation "${pin}" (listed in the pin's operations)`,
      );
    }
    return diffOperation(entry, docs).map(classify);
  });
  // Array.prototype.sort is stable: within a level, changes keep document order.
  return changes.sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
}

/** Number of changes per level. */
export function countByLevel(changes: Change[]): Record<Level, number> {
  const counts: Record<Level, number> = { breaking: 0, "non-breaking": 0, docs: 0 };
  for (const change of changes) counts[change.level]++;
  return counts;
}

/** The changes of one pinned operation (a pin as in the pin file: operationId or METHOD /path). */
export function changesOf(pin: string, changes: Change[]): Change[] {
  return changes.filter((c) => findOperation([{ label: c.operation }], pin));
}

/** An operation's verdict: the most severe level of its changes, or "unchanged". */
export type Verdict = Level | "unchanged";

/** The verdict of each pinned operation (pins as in the pin file), in pin order. */
export function verdictsOf(pins: string[], changes: Change[]): Record<string, Verdict> {
  return Object.fromEntries(
    pins.map((pin) => {
      const own = changesOf(pin, changes);
      const level = LEVELS.find((l) => own.some((c) => c.level === l));
      return [pin, level ?? "unchanged"];
    }),
  );
}

/** 1 when the contract drifted (or, with strict, when anything changed), else 0. */
export function exitCodeFor(changes: Change[], strict: boolean): 0 | 1 {
  return changes.some((c) => strict || c.level !== "docs") ? 1 : 0;
}
