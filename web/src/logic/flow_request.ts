// The API requests a flow makes: a node's preview, and the run.
import type { FlowRequest, PreviewRequest, ReaderNode, WriterNode } from "../api/types";
import type { ReaderSettings, WriterSettings } from "./flow_model";

export function readerNode(settings: ReaderSettings): ReaderNode {
  return {
    connection: settings.connection,
    path: settings.path.trim(),
    format: settings.format,
    scan_mode: settings.scan_mode,
    hive_partitioning: settings.hive_partitioning,
    csv: { ...settings.csv },
  };
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

export function previewRequest(settings: ReaderSettings, limit = 100): PreviewRequest {
  return { ...readerNode(settings), limit };
}

export function flowRequest(reader: ReaderSettings, writer: WriterSettings): FlowRequest {
  return { reader: readerNode(reader), writer: writerNode(writer) };
}
