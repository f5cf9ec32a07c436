// A flow's drawing as the engine runs it: chains from a Reader to each
// Writer, transforms pushed down in the engine's order, and problems on the
// node where they are fixed.
import { describe, expect, it } from "vitest";
import { chainTo, filterValue, isProblem, nodeOfError, planRuns, previewFor } from "../src/logic/flow_graph";
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
  it("pushes select, filter and limit into one request", () => {
    const flow = flowOf(["reader", "filter", "select", "limit", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "amount", op: "ge", value: "150" });
    nodeOf(flow, "select").settings.columns = ["id", "amount"];
    nodeOf(flow, "limit").settings.rows = 7;
    const { runs, problems } = planRuns(flow);
    expect(problems).toEqual([]);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.request).toMatchObject({
      reader: { connection: "lake", path: "s3://b/in.parquet", format: "parquet" },
      select: ["id", "amount"],
      filters: [{ column: "amount", op: "ge", value: 150 }],
      limit: 7,
      writer: { connection: "lake", path: "s3://b/out.parquet" },
    });
  });

  it("refuses a filter after a limit, on the filter", () => {
    const flow = flowOf(["reader", "limit", "filter", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "id", op: "gt", value: "1" });
    const { problems } = planRuns(flow);
    expect(problems).toEqual([{ nodeId: "filter-2", message: expect.stringMatching(/move it before the Limit/) }]);
  });

  it("refuses a filter on a column an earlier select removed", () => {
    const flow = flowOf(["reader", "select", "filter", "writer"]);
    nodeOf(flow, "select").settings.columns = ["id"];
    Object.assign(nodeOf(flow, "filter").settings, { column: "amount", op: "gt", value: "1" });
    expect(planRuns(flow).problems[0]?.message).toMatch(/amount was removed by Select columns/);
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
  it("previews a writer's input with the transforms before it", () => {
    const flow = flowOf(["reader", "limit", "writer"]);
    nodeOf(flow, "limit").settings.rows = 5;
    expect(previewFor(flow, "writer-2")).toMatchObject({ path: "s3://b/in.parquet", limit: 5 });
  });
});

describe("filterValue", () => {
  it.each([
    ["150", 150],
    ["1.5", 1.5],
    ["true", true],
    ["Paris", "Paris"],
    ["007a", "007a"],
  ])("%s compares as %s", (text, value) => {
    expect(filterValue({ column: "c", op: "eq", value: text })).toEqual(value);
  });
});

describe("nodeOfError", () => {
  it("puts an error on the node its field or path names", () => {
    const flow = flowOf(["reader", "filter", "writer"]);
    Object.assign(nodeOf(flow, "filter").settings, { column: "id", op: "gt", value: "1" });
    const run = planRuns(flow).runs[0];
    if (run === undefined) throw new Error("no run");
    expect(nodeOfError(run, "filters[0].value", "")).toBe("filter-1");
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
