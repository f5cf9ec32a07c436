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
});
