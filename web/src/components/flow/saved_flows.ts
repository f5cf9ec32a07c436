// The saved flows of the signed-in user, and which one is on the canvas:
// open, save, save as, rename and delete, through /api/saved-flows. A
// message belongs to the last action only.
import { ref } from "vue";
import { api } from "../../api/client";
import type { SavedFlow, SavedFlowList } from "../../api/types";
import { documentOf, flowOf } from "../../logic/saved_flow";
import { describeError } from "../../logic/messages";
import { flowStore, loadFlow, newFlow } from "./flow_store";

// The name the canvas's flow is saved under; "" for a flow never saved.
export const currentName = ref("");
export const savedFlows = ref<SavedFlow[]>([]);
export const flowMessage = ref<{ kind: "ok" | "error"; text: string } | null>(null);
// The document as last saved or opened, to tell unsaved changes.
const savedText = ref(JSON.stringify(documentOf(flowStore)));

export function hasUnsavedChanges(): boolean {
  return JSON.stringify(documentOf(flowStore)) !== savedText.value;
}

function flowPath(name: string): string {
  return `/api/saved-flows/${encodeURIComponent(name)}`;
}

function failed(error: unknown): false {
  flowMessage.value = { kind: "error", text: describeError(error) };
  return false;
}

function settle(name: string, text: string): void {
  currentName.value = name;
  savedText.value = JSON.stringify(documentOf(flowStore));
  flowMessage.value = { kind: "ok", text };
}

export async function reloadSavedFlows(): Promise<void> {
  try {
    savedFlows.value = (await api.get<SavedFlowList>("/api/saved-flows")).flows;
  } catch (error) {
    failed(error);
  }
}

// Saves over the current flow, or under `name` as a new one.
export async function saveFlow(name = currentName.value): Promise<boolean> {
  const document = documentOf(flowStore);
  try {
    if (name === currentName.value && name !== "") await api.put<SavedFlow>(flowPath(name), { document });
    else await api.post<SavedFlow>("/api/saved-flows", { name: name.trim(), document });
  } catch (error) {
    return failed(error);
  }
  settle(name.trim(), `Saved “${name.trim()}”.`);
  await reloadSavedFlows();
  return true;
}

export async function openFlow(name: string): Promise<boolean> {
  let flow: SavedFlow;
  try {
    flow = await api.get<SavedFlow>(flowPath(name));
  } catch (error) {
    return failed(error);
  }
  if (flow.document === undefined) return failed(new Error("The flow has no nodes to show."));
  loadFlow(flowOf(flow.document));
  settle(flow.name, `Opened “${flow.name}”.`);
  return true;
}

export async function renameFlow(from: string, to: string): Promise<boolean> {
  try {
    await api.post<SavedFlow>(`${flowPath(from)}/rename`, { new_name: to.trim() });
  } catch (error) {
    return failed(error);
  }
  if (currentName.value === from) currentName.value = to.trim();
  flowMessage.value = { kind: "ok", text: `Renamed “${from}” to “${to.trim()}”.` };
  await reloadSavedFlows();
  return true;
}

export async function deleteFlow(name: string): Promise<boolean> {
  try {
    await api.del(flowPath(name));
  } catch (error) {
    return failed(error);
  }
  // The canvas keeps the drawing; it is just no longer saved anywhere.
  if (currentName.value === name) currentName.value = "";
  flowMessage.value = { kind: "ok", text: `Deleted “${name}”.` };
  await reloadSavedFlows();
  return true;
}

export function startNewFlow(): void {
  newFlow();
  currentName.value = "";
  savedText.value = JSON.stringify(documentOf(flowStore));
  flowMessage.value = null;
}

// On sign-out: the next user of this tab starts afresh.
export function forgetSavedFlows(): void {
  savedFlows.value = [];
  startNewFlow();
}
