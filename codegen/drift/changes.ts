import type { OperationLabel } from "../spec/document-operations.js";

/** Which side of the contract a change touches: what a client sends, receives, or the operation. */
export type Direction = "request" | "response" | "operation";

/** What the changed node is, for kind codes: the operation, a body root, a property, a parameter... */
export type Noun = "operation" | "body" | "property" | "parameter" | "header" | "response";

/** Schema openness under additionalProperties: absent/true, false, or a schema for extra values. */
export type Openness = "open" | "closed" | "schema";

/** A structural fact found by the diff, before it is given a level and a kind code. */
export type RawFact =
  | { type: "operation-removed" }
  | { type: "operation-invalid"; reason: string }
  | { type: "operation-moved"; before: string; after: string }
  | { type: "operation-id-changed"; before: string; after: string }
  | { type: "status-added" | "status-removed"; status: string }
  | { type: "media-type-added" | "media-type-removed"; mediaType: string }
  | { type: "body-added" | "body-removed"; required: boolean }
  | { type: "body-required-changed"; before: boolean; after: boolean }
  | { type: "parameter-added" | "parameter-removed"; required: boolean }
  | { type: "parameter-required-changed"; before: boolean; after: boolean }
  | { type: "header-added" | "header-removed"; required: boolean }
  | { type: "property-added"; required: boolean }
  | { type: "property-removed"; required: boolean; closed: boolean }
  | { type: "required-changed"; before: boolean; after: boolean }
  | { type: "type-changed"; before: string[] | undefined; after: string[] | undefined }
  | { type: "nullable-changed"; before: boolean; after: boolean }
  | { type: "enum-value-added" | "enum-value-removed"; value: unknown }
  | { type: "constraint-changed"; keyword: string; before: unknown; after: unknown }
  | { type: "additional-properties-changed"; before: Openness; after: Openness }
  | { type: "branch-added" | "branch-removed"; keyword: string; index: number }
  | { type: "security-added" | "security-removed"; requirement: string }
  | { type: "security-scheme-changed"; scheme: string }
  | { type: "server-added" | "server-removed"; url: string }
  | { type: "keyword-changed"; keyword: string; before: unknown; after: unknown }
  | { type: "doc-changed"; keyword: string; before: unknown; after: unknown };

/** A fact with where it was found: operation, side, node kind, JSON path and a readable subject. */
export type RawChange = RawFact & {
  op: OperationLabel;
  direction: Direction;
  noun: Noun;
  path: string;
  subject: string;
};

/** Contract levels, most severe first; docs changes are notices, not contract drift. */
export const LEVELS = ["breaking", "non-breaking", "docs"] as const;
export type Level = (typeof LEVELS)[number];

/** A classified change, as reported. */
export interface Change {
  level: Level;
  kind: string;
  operation: OperationLabel;
  path: string;
  message: string;
  note?: string;
}

/** An upstream operation whose definition is not valid OpenAPI, so it cannot be compared. */
export interface InvalidOperation {
  label: OperationLabel;
  /** What is wrong, e.g. `$ref "#/components/schemas/def-38" points to nothing`. */
  reason: string;
  /** Where, as a dot-separated JSON path like a change's. */
  at: string;
}

/** Two documents being compared, with the no-finding memo shared by all their operations. */
export interface DocumentPair {
  pinned: Record<string, unknown>;
  upstream: Record<string, unknown>;
  /** Upstream operations left out of `upstream` because their definition is broken. */
  invalid: InvalidOperation[];
  clean: Record<Direction, WeakMap<object, WeakSet<object>>>;
}
