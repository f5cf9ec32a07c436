// A flow as the UI edits it: nodes with their settings, and edges. Plain
// data (no Vue), so it can be copied for undo and checked by unit tests.
import type { Compression, FileFormat, FlowNodeKind, ScanMode, WriteMode } from "../api/types";

export interface CsvSettings {
  delimiter: string;
  has_header: boolean;
}

export interface ReaderSettings {
  connection: string;
  path: string;
  format: FileFormat;
  scan_mode: ScanMode;
  hive_partitioning: boolean;
  csv: CsvSettings;
  // Format iceberg: the snapshot to read, as typed (ids exceed JavaScript's
  // exact integers, so it stays text); blank: the current snapshot.
  snapshot_id: string;
}

export interface WriterSettings {
  connection: string;
  path: string;
  format: FileFormat;
  compression: Compression;
  write_mode: WriteMode;
  csv: CsvSettings;
  // Delta tables only: the partition columns of a new table, and the columns
  // that identify a row for write modes upsert, update and delete.
  partition_by: string[];
  merge_keys: string[];
}

// Select columns: the columns to keep, in this order.
export interface SelectSettings {
  columns: string[];
}

export type FilterOp = "eq" | "ne" | "lt" | "le" | "gt" | "ge" | "is_null" | "is_not_null";

// Filter rows: column <op> value. The value is typed text: numbers compare
// as numbers, true/false as booleans, anything else as text.
export interface FilterSettings {
  column: string;
  op: FilterOp;
  value: string;
}

// Limit: at most this many rows.
export interface LimitSettings {
  rows: number;
}

// Sort rows: by these columns, the first one first.
export interface SortSettings {
  keys: { column: string; descending: boolean }[];
}

// Rename columns: each from its old name to its new one.
export interface RenameSettings {
  names: { from: string; to: string }[];
}

export type ComputeOp = "add" | "subtract" | "multiply" | "divide";

// Add column: name = column <op> (a typed value, or another column when
// operand_column is set).
export interface AddColumnSettings {
  name: string;
  column: string;
  op: ComputeOp;
  value: string;
  operand_column: string;
}

export interface FlowNodeBase {
  id: string;
  // Where the node sits on the canvas.
  position: { x: number; y: number };
}

export type FlowNode =
  | (FlowNodeBase & { kind: "reader"; settings: ReaderSettings })
  | (FlowNodeBase & { kind: "writer"; settings: WriterSettings })
  | (FlowNodeBase & { kind: "select"; settings: SelectSettings })
  | (FlowNodeBase & { kind: "filter"; settings: FilterSettings })
  | (FlowNodeBase & { kind: "sort"; settings: SortSettings })
  | (FlowNodeBase & { kind: "rename"; settings: RenameSettings })
  | (FlowNodeBase & { kind: "add_column"; settings: AddColumnSettings })
  | (FlowNodeBase & { kind: "limit"; settings: LimitSettings });

export type NodeKind = FlowNode["kind"];

// The kinds are the server's (api/openapi.yaml, checked against the
// engine's table): a kind added on one side only fails the type check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const kindsMatchTheApi: Same<NodeKind, FlowNodeKind> = true;

export interface FlowEdge {
  id: string;
  source: string;
  target: string;
}

export interface Flow {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

export const nodeKindLabels: Record<NodeKind, string> = {
  reader: "Cloud Storage Reader",
  select: "Select columns",
  filter: "Filter rows",
  sort: "Sort rows",
  rename: "Rename columns",
  add_column: "Add column",
  limit: "Limit",
  writer: "Cloud Storage Writer",
};

// Which kinds take rows in, and which give rows out.
export function hasInput(kind: NodeKind): boolean {
  return kind !== "reader";
}
export function hasOutput(kind: NodeKind): boolean {
  return kind !== "writer";
}

export const filterOpLabels: Record<FilterOp, string> = {
  eq: "equals",
  ne: "does not equal",
  lt: "is less than",
  le: "is at most",
  gt: "is greater than",
  ge: "is at least",
  is_null: "is empty (null)",
  is_not_null: "is not empty",
};

export const computeOpLabels: Record<ComputeOp, string> = {
  add: "plus",
  subtract: "minus",
  multiply: "times",
  divide: "divided by",
};

export function newNode(kind: NodeKind, id: string, position: { x: number; y: number }): FlowNode {
  switch (kind) {
    case "reader":
      return { id, kind, position, settings: newReader() };
    case "writer":
      return { id, kind, position, settings: newWriter() };
    case "select":
      return { id, kind, position, settings: { columns: [] } };
    case "filter":
      return { id, kind, position, settings: { column: "", op: "eq", value: "" } };
    case "sort":
      return { id, kind, position, settings: { keys: [{ column: "", descending: false }] } };
    case "rename":
      return { id, kind, position, settings: { names: [{ from: "", to: "" }] } };
    case "add_column":
      return { id, kind, position, settings: { name: "", column: "", op: "multiply", value: "", operand_column: "" } };
    case "limit":
      return { id, kind, position, settings: { rows: 100 } };
  }
}

export function defaultCsv(): CsvSettings {
  return { delimiter: ",", has_header: true };
}

export function newReader(): ReaderSettings {
  return {
    connection: "",
    path: "",
    format: "parquet",
    scan_mode: "single_file",
    hive_partitioning: true,
    csv: defaultCsv(),
    snapshot_id: "",
  };
}

export function newWriter(): WriterSettings {
  return {
    connection: "",
    path: "",
    format: "parquet",
    compression: "snappy",
    write_mode: "overwrite",
    csv: defaultCsv(),
    partition_by: [],
    merge_keys: [],
  };
}

// "Cloud Storage Reader 1": a node's name in messages and on the canvas.
export function nodeTitle(flow: Flow, node: FlowNode): string {
  const same = flow.nodes.filter((other) => other.kind === node.kind);
  const index = same.findIndex((other) => other.id === node.id) + 1;
  return same.length > 1 ? `${nodeKindLabels[node.kind]} ${index}` : nodeKindLabels[node.kind];
}
