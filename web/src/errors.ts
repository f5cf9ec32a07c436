// Error text for people, in the words of the troubleshooting table users
// already know ("Connection not found", "Access denied", ...).
import { ApiError } from "./api";

const titles: Record<string, string> = {
  not_found: "Connection not found",
  access_denied: "Access denied",
  invalid_endpoint: "Invalid endpoint",
  tls_verification_failed: "SSL verification failed",
  invalid_argument: "Invalid input",
  already_exists: "Already exists",
  unavailable: "Service unavailable",
  unauthenticated: "Signed out",
};

const hints: Record<string, string> = {
  not_found: "Check the connection list: it may have been renamed or deleted.",
  path_not_found: "Check the path, or browse the connection to pick an existing one.",
  access_denied: "Verify the credentials and their permissions.",
  invalid_endpoint: "Check endpoint_url for custom S3 services.",
  tls_verification_failed: "For local or dev endpoints only, allow unsafe connections (aws_allow_unsafe_html).",
};

export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : "Something went wrong.";
  // not_found also means a missing account, token or job: only a missing
  // connection gets the connection wording.
  if (error.code === "not_found" && !error.message.startsWith("Connection not found")) return error.message;
  const title = titles[error.code];
  const text = title === undefined || error.message.startsWith(title) ? error.message : `${title}: ${error.message}`;
  const hint = hints[error.code];
  return hint === undefined ? text : `${text} ${hint}`;
}

export function errorField(error: unknown): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}
