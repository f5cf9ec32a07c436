// The one way the UI talks to the server: JSON over fetch, the CSRF token
// on every unsafe request, errors as ApiError with the server's code,
// message, field and remedy.
import type { ConnectionRules, ErrorBody, Remedy } from "./types";

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
    // The setting that fixes the error, as data (messages.ts words it).
    readonly remedy: Remedy | undefined = undefined,
  ) {
    super(message);
  }
}

function errorBody(value: unknown): Partial<ErrorBody> | undefined {
  if (typeof value !== "object" || value === null || !("error" in value)) return undefined;
  const error: unknown = value.error;
  return typeof error === "object" && error !== null ? (error as Partial<ErrorBody>) : undefined;
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
      body: body === undefined ? null : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(
      0,
      "unavailable",
      "The flowfile server cannot be reached: check that it is running, then try again.",
      undefined,
    );
  }
  const text = response.status === 204 ? "" : await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const detail = errorBody(parsed);
    throw new ApiError(
      response.status,
      detail?.code ?? "internal",
      detail?.message ?? `The server answered ${response.status}.`,
      detail?.field,
      detail?.remedy,
    );
  }
  // The server's shapes are the generated API types; the server is trusted
  // to answer in them, as its own API tests check.
  return parsed as T;
}

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body: unknown = {}) => request<T>("POST", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  del: (path: string) => request<undefined>("DELETE", path),
};

export function connectionPath(name: string): string {
  return `/api/connections/${encodeURIComponent(name)}`;
}

let rules: Promise<ConnectionRules> | null = null;

// The storage type x auth method table, asked for once per page load; a
// failed request is asked again on the next call.
export function connectionRules(): Promise<ConnectionRules> {
  if (rules === null) {
    const asked = api.get<ConnectionRules>("/api/connection-rules");
    rules = asked;
    asked.catch(() => {
      rules = null;
    });
  }
  return rules;
}
