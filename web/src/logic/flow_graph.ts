// What a flow's graph means for the engine: each Writer with the chain of
// nodes that feeds it (a Reader, then transforms), turned into one run
// request whose steps are the transform nodes as drawn. The engine decides
// how to run them; a drawing that is no chain (no input, several inputs, a
// loop) is refused here with a message for its node.
import type { FlowRequest, FlowStep, PreviewRequest } from "../api/types";
import { readerNode, writerNode } from "./flow_request";
import { nodeTitle, type Flow, type FlowNode, type ReaderSettings } from "./flow_model";

// A problem of the drawing, on the node where it is fixed.
export interface GraphProblem {
  nodeId: string;
  message: string;
}

export interface Chain {
  // From the Reader to the node asked for, in flow order.
  nodes: FlowNode[];
}

function inputsOf(flow: Flow, nodeId: string): FlowNode[] {
  return flow.edges
    .filter((edge) => edge.target === nodeId)
    .map((edge) => flow.nodes.find((node) => node.id === edge.source))
    .filter((node): node is FlowNode => node !== undefined);
}

// The nodes that feed `nodeId`, Reader first, or the problem that stops it.
export function chainTo(flow: Flow, nodeId: string): Chain | GraphProblem {
  const nodes: FlowNode[] = [];
  const seen = new Set<string>();
  let current = flow.nodes.find((node) => node.id === nodeId);
  while (current !== undefined) {
    if (seen.has(current.id)) return { nodeId: current.id, message: "The edges make a loop: delete one of them." };
    seen.add(current.id);
    nodes.unshift(current);
    if (current.kind === "reader") return { nodes };
    const inputs = inputsOf(flow, current.id);
    if (inputs.length === 0) {
      return {
        nodeId: current.id,
        message: `${nodeTitle(flow, current)} has no input: connect a node to its left handle, or pick one under “Takes rows from”.`,
      };
    }
    if (inputs.length > 1) {
      return {
        nodeId: current.id,
        message: `${nodeTitle(flow, current)} has ${inputs.length} inputs: keep one edge into it.`,
      };
    }
    current = inputs[0];
  }
  return { nodeId, message: "This node is not in the flow." };
}

export function isProblem(value: Chain | GraphProblem): value is GraphProblem {
  return "message" in value;
}

// The transforms of a chain as the API's steps, in flow order, each with
// its node's settings as the canvas keeps them. The engine decides what it
// pushes into the read and what it runs on the rows (and refuses what it
// cannot run, on the step's field): the rules are the server's alone.
export function stepsOf(flow: Flow, chain: Chain): { reader: ReaderSettings; steps: FlowStep[] } | GraphProblem {
  const first = chain.nodes[0];
  if (first?.kind !== "reader")
    return { nodeId: first?.id ?? "", message: "A flow starts with a Cloud Storage Reader." };
  const steps: FlowStep[] = [];
  for (const node of chain.nodes.slice(1)) {
    const title = nodeTitle(flow, node);
    if (node.kind === "reader")
      return { nodeId: node.id, message: `${title} cannot take rows from another node: delete the edge into it.` };
    if (node.kind === "writer") {
      // The chain to a Writer ends with it; anywhere else it gives no rows.
      if (node === chain.nodes[chain.nodes.length - 1]) break;
      return { nodeId: node.id, message: `${title} gives no rows: connect the next node to a node before it.` };
    }
    const settings = JSON.parse(JSON.stringify(node.settings)) as FlowStep["settings"];
    steps.push({ id: node.id, kind: node.kind, settings });
  }
  return { reader: first.settings, steps };
}

// The preview of any node: the rows that leave it (for a Writer, the rows
// that reach it), at most `rows`.
export function previewFor(flow: Flow, nodeId: string, rows = 100): PreviewRequest | GraphProblem {
  const node = flow.nodes.find((n) => n.id === nodeId);
  const target = node?.kind === "writer" ? inputsOf(flow, nodeId)[0]?.id : nodeId;
  if (node?.kind === "writer" && target === undefined) {
    return { nodeId, message: `${nodeTitle(flow, node)} has no input to preview: connect a node to it.` };
  }
  const chain = chainTo(flow, target ?? nodeId);
  if (isProblem(chain)) return chain;
  const planned = stepsOf(flow, chain);
  if ("message" in planned) return planned;
  // The preview's rows are a last Limit: after a Sort, the first sorted rows.
  const steps: FlowStep[] = [...planned.steps, { kind: "limit", settings: { rows } }];
  return { ...readerNode(planned.reader), steps };
}

export interface PlannedRun {
  writerId: string;
  chain: FlowNode[];
  request: FlowRequest;
}

// One run per Writer; the problems that stop any of them, on their nodes.
export function planRuns(flow: Flow): { runs: PlannedRun[]; problems: GraphProblem[] } {
  const runs: PlannedRun[] = [];
  const problems: GraphProblem[] = [];
  const writers = flow.nodes.filter((node) => node.kind === "writer");
  if (writers.length === 0) {
    problems.push({
      nodeId: "",
      message: "Add a Cloud Storage Writer from the palette: a run writes its rows somewhere.",
    });
  }
  for (const writer of writers) {
    if (writer.kind !== "writer") continue;
    const chain = chainTo(flow, writer.id);
    if (isProblem(chain)) {
      problems.push(chain);
      continue;
    }
    const planned = stepsOf(flow, chain);
    if ("message" in planned) {
      problems.push(planned);
      continue;
    }
    runs.push({
      writerId: writer.id,
      chain: chain.nodes,
      request: { reader: readerNode(planned.reader), writer: writerNode(writer.settings), steps: planned.steps },
    });
  }
  return { runs, problems };
}

// Which node of a run an error belongs to: a field names it; otherwise the
// Writer when the message names its path, else the Reader (reads fail first).
export function nodeOfError(run: PlannedRun, field: string | undefined, message: string): string {
  const reader = run.chain[0]?.id ?? run.writerId;
  if (field !== undefined) {
    if (field.startsWith("writer")) return run.writerId;
    if (field.startsWith("reader")) return reader;
    // "steps[2].settings.column": the third node after the Reader.
    const step = /^steps\[(\d+)\]/.exec(field);
    const node = step === null ? undefined : run.chain[Number(step[1]) + 1];
    if (node !== undefined) return node.id;
  }
  return message.includes(run.request.writer.path) && run.request.writer.path !== "" ? run.writerId : reader;
}
