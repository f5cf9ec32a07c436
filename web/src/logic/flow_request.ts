// A Reader's and a Writer's settings as the API's reader and writer nodes.
import type { ReaderNode, WriterNode } from "../api/types";
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
  return {
    connection: settings.connection,
    path: settings.path.trim(),
    format: settings.format,
    compression: settings.compression,
    write_mode: settings.write_mode,
    csv: { ...settings.csv },
  };
}
