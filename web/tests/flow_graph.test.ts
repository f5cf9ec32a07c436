// A flow's drawing as the engine gets it: chains from a Reader to each
// Writer, the transform nodes as steps in drawing order, and problems of
// the drawing on the node where they are fixed.
import { describe, expect, it } from "vitest";
import { chainTo, isProblem, nodeOfError, planRuns, previewFor } from "../src/logic/flow_graph";
import { newNode, type Flow, type FlowNode, type NodeKind } from "../src/logic/flow_model";
import { FlowHistory } from "../src/logic/history";

function flowOf(kinds: NodeKind[]): Flow {
  const nodes: FlowNode[] = kinds.map((kind, i) => newNode(kind, `${kind}-${i}`, { x: i * 100, y: 0 }));
  const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]?.id ?? "", target: node.id }));
  const reader = nodes[0];
  if (reader?.kind === "reader") Object.assign(reader.settings, { connection: "lake", path: "s3://b/in.parquet" });
  const writer = nodes[nodes.length - 1];
  if (writer?.kind === "writer") Object.assign(writer.settings, { connection: "lake", path: "s3://b/out.parquet" });
  return { nodes, edges };
}

function nodeOf<K extends NodeKind>(flow: Flow, kind: K): Extract<FlowNode, { kind: K }> {
  const node = flow.nodes.find((n): n is Extract<FlowNode, { kind: K }> => n.kind === kind);
  if (node === undefined) throw new Error(`no ${kind}`);
  return node;
}

describe("planRuns", () => {
  it("sends every transform node as a step, in drawing order, with its settings", () => {
    const flow = flowOf(["reader", "filter", "sort", "rename", "add_column", "limit", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "amount", op: "ge", value: "150" });
    nodeOf(flow, "sort").settings.keys = [{ column: "amount", descending: true }];
    nodeOf(flow, "rename").settings.names = [{ from: "id", to: "key" }];
    Object.assign(nodeOf(flow, "add_column").settings, { name: "twice", column: "amount", op: "multiply", value: "2" });
    nodeOf(flow, "limit").settings.rows = 7;
    const { runs, problems } = planRuns(flow);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.request).toEqual({
      reader: expect.objectContaining({ connection: "lake", path: "s3://b/in.parquet", format: "parquet" }),
      steps: [
        { id: "filter-1", kind: "filter", settings: { column: "amount", op: "ge", value: "150" } },
        { id: "sort-2", kind: "sort", settings: { keys: [{ column: "amount", descending: true }] } },
        { id: "rename-3", kind: "rename", settings: { names: [{ from: "id", to: "key" }] } },
        {
          id: "add_column-4",
          kind: "add_column",
          settings: { name: "twice", column: "amount", op: "multiply", value: "2", operand_column: "" },
        },
        { id: "limit-5", kind: "limit", settings: { rows: 7 } },
      ],
      writer: expect.objectContaining({ connection: "lake", path: "s3://b/out.parquet" }),
    });
  });

  it("leaves the engine's rules to the engine: a filter after a limit is sent as drawn", () => {
    const flow = flowOf(["reader", "limit", "filter", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "id", op: "gt", value: "1" });
    const { runs, problems } = planRuns(flow);
    expect(problems).toEqual([]);
    expect(runs[0]?.request.steps?.map((step) => step.kind)).toEqual(["limit", "filter"]);
  });

  it("refuses a Writer in the middle of a chain, on the Writer", () => {
    const flow = flowOf(["reader", "writer", "limit", "writer"]);
    expect(planRuns(flow).problems[0]).toMatchObject({
      nodeId: "writer-1",
      message: expect.stringMatching(/gives no rows/),
    });
  });

  it("says which node has no input", () => {
    const flow = flowOf(["reader", "writer"]);
    flow.edges = [];
    expect(planRuns(flow).problems[0]).toMatchObject({
      nodeId: "writer-1",
      message: expect.stringMatching(/has no input/),
    });
  });

  it("finds a loop instead of running forever", () => {
    const flow = flowOf(["reader", "select", "limit", "writer"]);
    flow.edges.push({ id: "back", source: "limit-2", target: "select-1" });
    flow.edges = flow.edges.filter((e) => e.id !== "e0");
    expect(isProblem(chainTo(flow, "writer-3"))).toBe(true);
  });
});

describe("previewFor", () => {
  it("previews a writer's input with the transforms before it and the preview's rows last", () => {
    const flow = flowOf(["reader", "sort", "limit", "writer"]);
    nodeOf(flow, "sort").settings.keys = [{ column: "id", descending: true }];
    nodeOf(flow, "limit").settings.rows = 5;
    const request = previewFor(flow, "writer-3");
    expect(request).toMatchObject({ path: "s3://b/in.parquet" });
    if ("message" in request) throw new Error(request.message);
    expect(request.steps?.map((step) => [step.kind, step.settings])).toEqual([
      ["sort", { keys: [{ column: "id", descending: true }] }],
      ["limit", { rows: 5 }],
      ["limit", { rows: 100 }],
    ]);
  });
});

describe("nodeOfError", () => {
  it("puts an error on the node its field or path names", () => {
    const flow = flowOf(["reader", "filter", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "id", op: "gt", value: "1" });
    const run = planRuns(flow).runs[0];
    if (run === undefined) throw new Error("no run");
    expect(nodeOfError(run, "steps[0].settings.value", "")).toBe("filter-1");
    expect(nodeOfError(run, "writer.path", "")).toBe("writer-2");
    expect(nodeOfError(run, undefined, "Access denied for s3://b/out.parquet")).toBe("writer-2");
    expect(nodeOfError(run, undefined, "Invalid endpoint http://x")).toBe("reader-0");
  });
});

describe("FlowHistory", () => {
  it("undoes changes in reverse order", () => {
    const history = new FlowHistory(2);
    const flow = flowOf(["reader", "writer"]);
    history.record(flow);
    flow.nodes.push(newNode("limit", "limit-9", { x: 0, y: 0 }));
    history.record(flow);
    flow.edges = [];
    expect(history.undo()?.edges).toHaveLength(1);
    expect(history.undo()?.nodes).toHaveLength(2);
    expect(history.undo()).toBeNull();
  });
});
