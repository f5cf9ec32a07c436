// The one way the UI talks to the server: JSON over fetch, the CSRF token
// on every unsafe request, errors as ApiError with the server's code,
// message and field.
import type { ConnectionRules } from "./types";

let csrfToken = "";

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | undefined,
  ) {
    super(message);
  }
}

interface ErrorEnvelope {
  error?: { code?: string; message?: string; field?: string };
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return typeof value === "object" && value !== null && "error" in value;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken !== "") headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "unavailable", "The flowfile server cannot be reached: is it running?", undefined);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const detail = isErrorEnvelope(parsed) ? parsed.error : undefined;
    throw new ApiError(
      response.status,
      detail?.code ?? "internal",
      detail?.message ?? `The server answered ${response.status}.`,
      detail?.field,
    );
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: (path: string) => request<void>("DELETE", path),
};

export function connectionPath(name: string): string {
  return `/api/connections/${encodeURIComponent(name)}`;
}

let rules: Promise<ConnectionRules> | null = null;

// The storage type x auth method table, asked for once per page load; a
// failed request is asked again on the next call.
export function connectionRules(): Promise<ConnectionRules> {
  if (rules === null) {
    rules = api.get<ConnectionRules>("/api/connection-rules");
    rules.catch(() => {
      rules = null;
    });
  }
  return rules;
}
