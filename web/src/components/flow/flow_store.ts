// The flow being edited on the Flow page, shared with the Connections page
// (which warns before deleting a connection a node uses), with undo for
// its drawing and the status of each node in the last run. Module state:
// it lives as long as the page.
import { reactive, ref } from "vue";
import { FlowHistory } from "../../logic/history";
import { hasInput, hasOutput, newNode, type Flow, type NodeKind } from "../../logic/flow_model";

function startingFlow(): Flow {
  return {
    nodes: [newNode("reader", "reader-1", { x: 20, y: 60 }), newNode("writer", "writer-1", { x: 500, y: 60 })],
    edges: [{ id: "reader-1->writer-1", source: "reader-1", target: "writer-1" }],
  };
}

export const flowStore: Flow = reactive<Flow>(startingFlow());

export const selectedNode = ref<string>("reader-1");

// The drag data of a palette button dragged onto the canvas: a node kind.
export const paletteDragType = "application/x-flowfile-node";

export type NodeRunState = "queued" | "running" | "done" | "failed";
export const nodeStatus = reactive(new Map<string, { state: NodeRunState; text: string }>());

let history = new FlowHistory();
export const undoCount = ref(0);

function record(): void {
  history.record(flowStore);
  undoCount.value += 1;
  // A drawing that changed is no longer the one that ran.
  nodeStatus.clear();
}

let counter = 1;
function nextId(kind: NodeKind): string {
  let id = "";
  do {
    counter += 1;
    id = `${kind}-${counter}`;
  } while (flowStore.nodes.some((node) => node.id === id));
  return id;
}

// A place right of `at` that no node covers (nodes are about 200 x 80).
function freeSpotRightOf(at: { x: number; y: number }): { x: number; y: number } {
  const spot = { x: at.x + 230, y: at.y };
  while (flowStore.nodes.some((n) => Math.abs(n.position.x - spot.x) < 200 && Math.abs(n.position.y - spot.y) < 110)) {
    spot.y += 120;
  }
  return spot;
}

// Adds a node right of the selected one (or `at`, where it was dropped)
// and, when it can, connects the selected node's output to it, so a flow
// can be built from the palette (or the keyboard) alone.
export function addNode(kind: NodeKind, at?: { x: number; y: number }): string {
  record();
  const from = flowStore.nodes.find((node) => node.id === selectedNode.value);
  const position = at ?? freeSpotRightOf(from?.position ?? { x: -200, y: 60 });
  const node = newNode(kind, nextId(kind), position);
  flowStore.nodes.push(node);
  if (from !== undefined && hasOutput(from.kind) && hasInput(kind)) {
    flowStore.edges.push({ id: `${from.id}->${node.id}`, source: from.id, target: node.id });
  }
  selectedNode.value = node.id;
  return node.id;
}

export function removeNode(id: string): void {
  record();
  flowStore.nodes = flowStore.nodes.filter((node) => node.id !== id);
  flowStore.edges = flowStore.edges.filter((edge) => edge.source !== id && edge.target !== id);
  if (selectedNode.value === id) selectedNode.value = flowStore.nodes[0]?.id ?? "";
}

export function removeEdge(id: string): void {
  record();
  flowStore.edges = flowStore.edges.filter((edge) => edge.id !== id);
}

// Connects source's output to target's input, replacing target's input:
// each node takes rows from one node.
export function connect(source: string, target: string): void {
  if (source === target) return;
  record();
  flowStore.edges = flowStore.edges.filter((edge) => edge.target !== target);
  flowStore.edges.push({ id: `${source}->${target}`, source, target });
}

export function disconnectInput(target: string): void {
  record();
  flowStore.edges = flowStore.edges.filter((edge) => edge.target !== target);
}

export function moveNode(id: string, position: { x: number; y: number }): void {
  const node = flowStore.nodes.find((n) => n.id === id);
  if (node === undefined || (node.position.x === position.x && node.position.y === position.y)) return;
  record();
  node.position = { ...position };
}

export function undo(): void {
  const before = history.undo();
  if (before === null) return;
  undoCount.value -= 1;
  flowStore.nodes = before.nodes;
  flowStore.edges = before.edges;
  nodeStatus.clear();
  if (!flowStore.nodes.some((node) => node.id === selectedNode.value))
    selectedNode.value = flowStore.nodes[0]?.id ?? "";
}

// Back to the starting flow, with no undo: on sign-out, so the next user of
// this tab does not see the last one's connections and paths.
export function resetFlow(): void {
  const start = startingFlow();
  flowStore.nodes = start.nodes;
  flowStore.edges = start.edges;
  history = new FlowHistory();
  undoCount.value = 0;
  nodeStatus.clear();
  selectedNode.value = "reader-1";
}

// Puts an opened flow on the canvas: a fresh undo history (undo does not
// reach into another flow) and no run status.
export function loadFlow(flow: Flow): void {
  flowStore.nodes = flow.nodes;
  flowStore.edges = flow.edges;
  history = new FlowHistory();
  undoCount.value = 0;
  nodeStatus.clear();
  selectedNode.value = flowStore.nodes[0]?.id ?? "";
}

// A new flow: the starting Reader and Writer.
export function newFlow(): void {
  loadFlow(startingFlow());
}
