// Which nodes of a flow use a connection (to warn before it is deleted).
import { nodeTitle, type Flow } from "./flow_model";

export function nodesUsingConnection(flow: Flow, connection: string): string[] {
  return flow.nodes
    .filter((node) => (node.kind === "reader" || node.kind === "writer") && node.settings.connection === connection)
    .map((node) => nodeTitle(flow, node));
}
