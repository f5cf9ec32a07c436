// Undo for a flow's drawing: snapshots taken before each change of nodes
// or edges (add, delete, connect, move), at most `limit` of them.
import type { Flow } from "./flow_model";

export class FlowHistory {
  private readonly past: string[] = [];

  constructor(private readonly limit = 50) {}

  // Call before changing `flow`.
  record(flow: Flow): void {
    this.past.push(JSON.stringify(flow));
    if (this.past.length > this.limit) this.past.shift();
  }

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  // The flow as it was before the last recorded change, or null.
  undo(): Flow | null {
    const last = this.past.pop();
    return last === undefined ? null : (JSON.parse(last) as Flow);
  }
}
