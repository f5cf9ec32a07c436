// A flow as the UI edits it: nodes with their settings, and edges. Plain
// data (no Vue), so it can be copied for undo and checked by unit tests.
import type { Compression, FileFormat, ScanMode, WriteMode } from "../api/types";

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
}

export interface WriterSettings {
  connection: string;
  path: string;
  format: FileFormat;
  compression: Compression;
  write_mode: WriteMode;
  csv: CsvSettings;
}

export interface FlowNodeBase {
  id: string;
  // Where the node sits on the canvas.
  position: { x: number; y: number };
}

export type FlowNode =
  | (FlowNodeBase & { kind: "reader"; settings: ReaderSettings })
  | (FlowNodeBase & { kind: "writer"; settings: WriterSettings });

export type NodeKind = FlowNode["kind"];

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
  writer: "Cloud Storage Writer",
};

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
  };
}

// "Cloud Storage Reader 1": a node's name in messages and on the canvas.
export function nodeTitle(flow: Flow, node: FlowNode): string {
  const same = flow.nodes.filter((other) => other.kind === node.kind);
  const index = same.findIndex((other) => other.id === node.id) + 1;
  return same.length > 1 ? `${nodeKindLabels[node.kind]} ${index}` : nodeKindLabels[node.kind];
}
