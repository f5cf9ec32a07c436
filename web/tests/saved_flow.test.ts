import { describe, expect, it } from "vitest";
import { newNode, type Flow } from "../src/logic/flow_model";
import { documentOf, flowOf } from "../src/logic/saved_flow";

describe("saved flow documents", () => {
  it("round-trips a drawn flow", () => {
    const flow: Flow = {
      nodes: [newNode("reader", "r", { x: 1, y: 2 }), newNode("limit", "l", { x: 3, y: 4 })],
      edges: [{ id: "r->l", source: "r", target: "l" }],
    };
    expect(flowOf(documentOf(flow))).toEqual(flow);
  });

  it("fills what a document from Python lacks and types a filter's value as text", () => {
    const flow = flowOf({
      nodes: [
        {
          id: "n1",
          kind: "reader",
          position: { x: 0, y: 0 },
          settings: { connection: "lake", path: "s3://b/a.csv", format: "csv", csv: { delimiter: ";" } },
        },
        { id: "n2", kind: "filter", position: { x: 1, y: 0 }, settings: { column: "id", op: "ge", value: 10 } },
      ],
      edges: [{ id: "e", source: "n1", target: "n2" }],
    });
    const reader = flow.nodes[0];
    expect(reader?.kind === "reader" && reader.settings.csv).toEqual({ delimiter: ";", has_header: true });
    expect(reader?.kind === "reader" && reader.settings.scan_mode).toBe("single_file");
    const filter = flow.nodes[1];
    expect(filter?.kind === "filter" && filter.settings.value).toBe("10");
  });

  it("opens a frame's engine steps from Python as Sort, Rename and Add column nodes", () => {
    // What the service writes for frame.sort(...).rename(...).with_columns(...).
    const flow = flowOf({
      nodes: [
        {
          id: "n1",
          kind: "reader",
          position: { x: 0, y: 0 },
          settings: { connection: "lake", path: "s3://b/a.parquet" },
        },
        {
          id: "n2",
          kind: "sort",
          position: { x: 1, y: 0 },
          settings: { keys: [{ column: "id", descending: true }] },
        },
        { id: "n3", kind: "rename", position: { x: 2, y: 0 }, settings: { names: [{ from: "id", to: "key" }] } },
        {
          id: "n4",
          kind: "add_column",
          position: { x: 3, y: 0 },
          settings: { name: "twice", column: "amount", op: "multiply", value: "2", operand_column: "" },
        },
      ],
      edges: [
        { id: "e1", source: "n1", target: "n2" },
        { id: "e2", source: "n2", target: "n3" },
        { id: "e3", source: "n3", target: "n4" },
      ],
    });
    expect(flow.nodes.map((node) => node.kind)).toEqual(["reader", "sort", "rename", "add_column"]);
    const sort = flow.nodes[1];
    expect(sort?.kind === "sort" && sort.settings.keys).toEqual([{ column: "id", descending: true }]);
    const rename = flow.nodes[2];
    expect(rename?.kind === "rename" && rename.settings.names).toEqual([{ from: "id", to: "key" }]);
    const added = flow.nodes[3];
    expect(added?.kind === "add_column" && added.settings).toEqual({
      name: "twice",
      column: "amount",
      op: "multiply",
      value: "2",
      operand_column: "",
    });
    expect(flowOf(documentOf(flow))).toEqual(flow);
  });
});
