// The rules of the connection form that need no DOM: which request body a
// form state makes, and what must be said before saving (the server's answer
// on plain http; secrets that a change of destination needs again). Whether
// plain http needs the opt-in is the core's rule, asked of the server
// (POST /api/connection-rules/plain-http), never decided here.
import type { Connection, ConnectionRules, PlainHttpAnswer } from "../api/types";
import { describeFormProblem } from "./messages";

export interface ConnectionFormState {
  name: string;
  storage: string;
  method: string;
  text: Record<string, string>; // public text fields, endpoint_url included
  secrets: Record<string, string>; // typed secrets; empty keeps a stored one
  flags: Record<string, boolean>;
}

// A stored public field of a connection by its API name (text or flag).
export function storedValue(connection: Connection, key: string): unknown {
  const fields: Record<string, unknown> = { ...connection };
  return fields[key];
}

export function initialState(rules: ConnectionRules, existing: Connection | null): ConnectionFormState {
  const text: Record<string, string> = {};
  for (const key of rules.text_fields) {
    const stored = existing === null ? "" : storedValue(existing, key);
    text[key] = typeof stored === "string" ? stored : "";
  }
  const flags: Record<string, boolean> = {};
  for (const flag of rules.flags) {
    const stored = existing === null ? undefined : storedValue(existing, flag.name);
    flags[flag.name] = typeof stored === "boolean" ? stored : flag.default;
  }
  const storage = existing?.storage_type ?? rules.storage_types[0]?.value ?? "";
  const methods = rules.storage_types.find((type) => type.value === storage)?.auth_methods ?? [];
  return {
    name: existing?.connection_name ?? "",
    storage,
    method: existing?.auth_method ?? methods[0]?.value ?? "",
    text,
    secrets: {},
    flags,
  };
}

export function methodRule(rules: ConnectionRules, state: ConnectionFormState) {
  return rules.storage_types
    .find((type) => type.value === state.storage)
    ?.auth_methods.find((method) => method.value === state.method);
}

export function offeredFlags(rules: ConnectionRules, state: ConnectionFormState): string[] {
  return rules.storage_types.find((type) => type.value === state.storage)?.flags ?? [];
}

// The body of POST /api/connections or PATCH /api/connections/{name}.
export function requestBody(rules: ConnectionRules, state: ConnectionFormState): Record<string, string | boolean> {
  const body: Record<string, string | boolean> = {
    connection_name: state.name.trim(),
    storage_type: state.storage,
    auth_method: state.method,
  };
  const rule = methodRule(rules, state);
  const shown = new Set([...(rule?.required ?? []), ...(rule?.optional ?? []), ...rules.common_optional]);
  // Text fields the chosen method does not show are cleared, so a switch of
  // auth method leaves nothing behind that validation would refuse.
  for (const key of rules.text_fields) body[key] = shown.has(key) ? (state.text[key] ?? "").trim() : "";
  for (const flag of offeredFlags(rules, state)) body[flag] = state.flags[flag] ?? false;
  for (const key of [...(rule?.secrets_required ?? []), ...(rule?.secrets_optional ?? [])]) {
    const value = state.secrets[key] ?? "";
    if (value.trim() !== "") body[key] = value;
  }
  return body;
}

export const plainHttpCheckPath = "/api/connection-rules/plain-http";

// The server's answer on a draft's plain-http endpoint as the form says it
// before saving: the field at fault and the sentence naming the checkbox,
// or null when the core accepts the endpoint as it is.
export function plainHttpProblem(answer: PlainHttpAnswer): { field: string; message: string } | null {
  if (answer.allowed || answer.problem === undefined) return null;
  return { field: answer.problem.field ?? "endpoint_url", message: describeFormProblem(answer.problem) };
}

// Stored secrets are bound to where they may be sent (endpoint, plain-http
// and TLS settings): changing one of those needs them typed again. Returns
// the changed settings' names, empty when the stored secrets still apply.
export function destinationChanges(
  rules: ConnectionRules,
  existing: Connection | null,
  state: ConnectionFormState,
): string[] {
  if (existing === null || existing.secrets_set.length === 0) return [];
  const changed: string[] = [];
  if ((state.text.endpoint_url ?? "").trim() !== existing.endpoint_url) changed.push("Endpoint URL");
  for (const flag of offeredFlags(rules, state)) {
    if (state.flags[flag] !== storedValue(existing, flag)) {
      changed.push(flag === "verify_ssl" ? "Verify TLS certificates" : "Allow plain HTTP");
    }
  }
  if (state.storage !== existing.storage_type || state.method !== existing.auth_method) changed.push("Authentication");
  return changed;
}

// Whether `key` holds a stored secret (the form never sees its value).
export function hasStoredSecret(existing: Connection | null, key: string): boolean {
  const stored: readonly string[] = existing?.secrets_set ?? [];
  return stored.includes(key);
}
