// What a flow's graph means for the engine: each Writer with the chain of
// nodes that feeds it (a Reader, then transforms), turned into one run
// request, with the transforms pushed down to the read as the engine runs
// them (select, then filters, then limit). A chain the engine would run
// differently from how it is drawn is refused with a message for its node.
import type { FlowRequest, PreviewRequest } from "../api/types";
import { readerNode, writerNode } from "./flow_request";
import { nodeTitle, type Flow, type FlowNode, type FilterSettings, type ReaderSettings } from "./flow_model";

export type Filter = NonNullable<FlowRequest["filters"]>[number];

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

// Typed text to the value the API compares with.
export function filterValue(settings: FilterSettings): Filter["value"] {
  if (settings.op === "is_null" || settings.op === "is_not_null") return null;
  const text = settings.value.trim();
  if (text === "true" || text === "false") return text === "true";
  if (text !== "" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return settings.value;
}

interface Pushed {
  reader: ReaderSettings;
  select?: string[];
  filters: Filter[];
  limit?: number;
}

// The chain as one read: the engine applies select, then filters, then
// limit, whatever order they were given in, so an order whose result would
// differ is refused on the node that is out of place.
export function pushDown(flow: Flow, chain: Chain): Pushed | GraphProblem {
  const first = chain.nodes[0];
  if (first?.kind !== "reader")
    return { nodeId: first?.id ?? "", message: "A flow starts with a Cloud Storage Reader." };
  const pushed: Pushed = { reader: first.settings, filters: [] };
  for (const node of chain.nodes.slice(1)) {
    const title = nodeTitle(flow, node);
    switch (node.kind) {
      case "select": {
        const columns = node.settings.columns.map((c) => c.trim()).filter((c) => c !== "");
        if (columns.length === 0) return { nodeId: node.id, message: `${title}: name at least one column to keep.` };
        const dropped = pushed.select === undefined ? [] : columns.filter((c) => !pushed.select?.includes(c));
        if (dropped.length > 0) {
          return {
            nodeId: node.id,
            message: `${title}: ${dropped.join(", ")} was removed by an earlier Select columns.`,
          };
        }
        const filtered = pushed.filters.map((f) => f.column).filter((c) => !columns.includes(c));
        if (filtered.length > 0) {
          return {
            nodeId: node.id,
            message: `${title}: keep ${filtered.join(", ")}, which an earlier Filter rows uses (filters run after the selection).`,
          };
        }
        pushed.select = columns;
        break;
      }
      case "filter": {
        const column = node.settings.column.trim();
        if (column === "") return { nodeId: node.id, message: `${title}: choose the column to compare.` };
        if (pushed.limit !== undefined) {
          return {
            nodeId: node.id,
            message: `${title} comes after a Limit: move it before the Limit (filters run first).`,
          };
        }
        if (pushed.select !== undefined && !pushed.select.includes(column)) {
          return { nodeId: node.id, message: `${title}: ${column} was removed by Select columns before it.` };
        }
        const unary = node.settings.op === "is_null" || node.settings.op === "is_not_null";
        if (!unary && node.settings.value.trim() === "") {
          return { nodeId: node.id, message: `${title}: type the value to compare with.` };
        }
        pushed.filters.push({ column, op: node.settings.op, value: filterValue(node.settings) });
        break;
      }
      case "limit": {
        const rows = node.settings.rows;
        if (!Number.isInteger(rows) || rows < 0)
          return { nodeId: node.id, message: `${title}: type a whole number of rows, 0 or more.` };
        pushed.limit = pushed.limit === undefined ? rows : Math.min(pushed.limit, rows);
        break;
      }
      case "reader":
        return { nodeId: node.id, message: `${title} cannot take rows from another node: delete the edge into it.` };
      case "writer":
        // The chain to a Writer ends with it; anywhere else it gives no rows.
        if (node === chain.nodes[chain.nodes.length - 1]) break;
        return { nodeId: node.id, message: `${title} gives no rows: connect the next node to a node before it.` };
    }
  }
  return pushed;
}

function transforms(pushed: Pushed): Pick<FlowRequest, "select" | "filters" | "limit"> {
  return {
    ...(pushed.select === undefined ? {} : { select: pushed.select }),
    ...(pushed.filters.length === 0 ? {} : { filters: pushed.filters }),
    ...(pushed.limit === undefined ? {} : { limit: pushed.limit }),
  };
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
  const pushed = pushDown(flow, chain);
  if ("message" in pushed) return pushed;
  const limit = Math.max(1, Math.min(rows, pushed.limit ?? rows));
  const request: PreviewRequest = { ...readerNode(pushed.reader), ...transforms(pushed), limit };
  return request;
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
    const pushed = pushDown(flow, chain);
    if ("message" in pushed) {
      problems.push(pushed);
      continue;
    }
    runs.push({
      writerId: writer.id,
      chain: chain.nodes,
      request: { reader: readerNode(pushed.reader), writer: writerNode(writer.settings), ...transforms(pushed) },
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
    const kind = field.startsWith("select")
      ? "select"
      : field.startsWith("filters")
        ? "filter"
        : field.startsWith("limit")
          ? "limit"
          : "";
    const transform = run.chain.find((node) => node.kind === kind);
    if (transform !== undefined) return transform.id;
  }
  return message.includes(run.request.writer.path) && run.request.writer.path !== "" ? run.writerId : reader;
}
