// A Reader's and a Writer's settings as the API's reader and writer nodes.
import type { ReaderNode, WriterNode } from "../api/types";
import { isMergeMode } from "./delta_writer";
import type { ReaderSettings, WriterSettings } from "./flow_model";

export function readerNode(settings: ReaderSettings): ReaderNode {
  const node: ReaderNode = {
    connection: settings.connection,
    path: settings.path.trim(),
    format: settings.format,
    scan_mode: settings.scan_mode,
    hive_partitioning: settings.hive_partitioning,
    csv: { ...settings.csv },
  };
  const snapshot = (settings.snapshot_id ?? "").trim();
  // Sent as text: the server reads the 64-bit id exactly.
  if (settings.format === "iceberg" && snapshot !== "") node.snapshot_id = snapshot;
  return node;
}

export function writerNode(settings: WriterSettings): WriterNode {
  const node: WriterNode = {
    connection: settings.connection,
    path: settings.path.trim(),
    format: settings.format,
    compression: settings.compression,
    write_mode: settings.write_mode,
    csv: { ...settings.csv },
  };
  // A table's settings go with a Delta writer only; the server refuses them for files.
  if (settings.format === "delta") {
    if (settings.partition_by.length > 0) node.partition_by = [...settings.partition_by];
    if (isMergeMode(settings.write_mode)) node.merge_keys = [...settings.merge_keys];
  }
  return node;
}
