// A flow as the store keeps it (the API's SavedFlowDocument) and back. A
// document may come from Python (frame.save_as_flow) or an older UI: what
// it lacks takes the defaults of a new node, and a Filter's value becomes
// the typed text the canvas edits.
import type { SavedFlowDocument } from "../api/types";
import { newNode, type Flow, type FlowNode, type NodeKind } from "./flow_model";

type StoredNode = SavedFlowDocument["nodes"][number];

export function documentOf(flow: Flow): SavedFlowDocument {
  return {
    nodes: flow.nodes.map((node) => ({
      id: node.id,
      kind: node.kind,
      position: { x: node.position.x, y: node.position.y },
      settings: JSON.parse(JSON.stringify(node.settings)) as Record<string, unknown>,
    })),
    edges: flow.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target })),
  };
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function nodeOf(stored: StoredNode): FlowNode {
  const base = newNode(stored.kind as NodeKind, stored.id, { x: stored.position.x, y: stored.position.y });
  const settings: Record<string, unknown> = { ...base.settings, ...stored.settings };
  if (base.kind === "filter") settings.value = asText(settings.value);
  if (base.kind === "reader" || base.kind === "writer") {
    settings.csv = { ...(base.settings as { csv: object }).csv, ...(stored.settings.csv as object | undefined) };
  }
  return { ...base, settings } as unknown as FlowNode;
}

export function flowOf(document: SavedFlowDocument): Flow {
  return {
    nodes: document.nodes.map(nodeOf),
    edges: document.edges.map((edge) => ({ id: edge.id, source: edge.source, target: edge.target })),
  };
}
