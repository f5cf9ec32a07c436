// The flow being edited on the Flow page, shared with the Connections page
// (which warns before deleting a connection a node uses). Module state: it
// lives as long as the page.
import { reactive } from "vue";
import { newReader, newWriter, type Flow } from "../../logic/flow_model";

export const flowStore: Flow = reactive<Flow>({
  nodes: [
    { id: "reader-1", kind: "reader", position: { x: 40, y: 80 }, settings: newReader() },
    { id: "writer-1", kind: "writer", position: { x: 460, y: 80 }, settings: newWriter() },
  ],
  edges: [{ id: "reader-1->writer-1", source: "reader-1", target: "writer-1" }],
});
