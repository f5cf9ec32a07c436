// Error text for people. The server's messages say what happened in neutral
// words; the fix comes as data (an error's remedy: the connection setting
// to change), which becomes the UI action here ("tick Allow plain HTTP").
// Field names at the start of a message become form labels, and a hint is
// added only when the message does not already name a fix.
import { ApiError } from "../api/client";
import type { FileFormat, Remedy, TestResult } from "../api/types";
import { fieldName, flowFieldName, stepFieldName } from "./labels";

const titles: Record<string, string> = {
  not_found: "Connection not found",
  path_not_found: "Not found",
  access_denied: "Access denied",
  invalid_endpoint: "Invalid endpoint",
  tls_verification_failed: "SSL verification failed",
  invalid_argument: "Invalid input",
  already_exists: "Already exists",
  unavailable: "Service unavailable",
  unauthenticated: "Signed out",
  too_many_attempts: "Too many attempts",
};

const hints: Record<string, string> = {
  not_found: "Check the Connections page: it may have been renamed or deleted.",
  path_not_found: "Check the path, or click Browse to pick an existing one.",
  access_denied: "Check the connection's credentials and their permissions (Connections page, Edit).",
  unauthenticated: "Sign in again.",
};

// The UI action of a remedy: tick or untick a flag of the connection, or
// check one of its fields. In the connection form the control is on screen
// ("below"); elsewhere the user opens the connection first.
export function remedyText(remedy: Remedy, inForm = false): string {
  const name = fieldName(remedy.setting);
  if (remedy.value === undefined) return inForm ? `Check ${name}.` : `Check the connection's ${name}.`;
  const action = `${remedy.value ? "tick" : "untick"} "${name}"`;
  return inForm
    ? `For local and dev endpoints only, ${action} below.`
    : `For local and dev endpoints only, edit the connection on the Connections page and ${action}.`;
}

// Any API field name left in a sentence becomes its label.
const identifier =
  /\b(aws|azure|gcs)_[a-z_]+\b|\bendpoint_url\b|\bverify_ssl\b|\bconnection_name\b|\bauth_method\b|\bstorage_type\b/g;

const formatNames: Record<FileFormat, string> = {
  parquet: "Parquet",
  csv: "CSV",
  json: "JSON",
  delta: "Delta",
  iceberg: "Iceberg",
};

// The format a path's extension names, if it names one.
export function formatOfPath(path: string): FileFormat | undefined {
  const name = path.replace(/[?#].*$/, "").toLowerCase();
  if (/\.parquet$|\.pq$/.test(name)) return "parquet";
  if (/\.csv(\.gz)?$|\.tsv$/.test(name)) return "csv";
  if (/\.json$|\.jsonl$|\.ndjson$/.test(name)) return "json";
  return undefined;
}

export interface MessageContext {
  // The format the node asked for, so a wrong-format error can name the fix.
  format?: FileFormat | undefined;
}

function badFormat(message: string, context: MessageContext): string | undefined {
  const match = /^(\S+) is not a valid file of the requested format/.exec(message);
  if (match === null) return undefined;
  const path = match[1] ?? "";
  const asked = context.format === undefined ? "the chosen format" : formatNames[context.format];
  const actual = formatOfPath(path);
  if (actual !== undefined && actual !== context.format) {
    return `${path} is not a ${asked} file: its name says ${formatNames[actual]}. Switch File format to ${actual}.`;
  }
  return `${path} could not be read as ${asked}. Check File format (and the CSV options for CSV files).`;
}

function rewrite(error: ApiError, context: MessageContext): string {
  const wrong = badFormat(error.message, context);
  if (wrong !== undefined) return wrong;
  let text = error.message;
  const step = error.field === undefined ? undefined : stepFieldName(error.field);
  // A transform node's error is shown on that node: "steps[1].settings.value
  // cannot add these" -> "Value: cannot add these"; a sentence of its own
  // ("Column 'x' is not in the rows here") keeps no prefix.
  if (error.field !== undefined && step !== undefined && text.startsWith(`${error.field} `)) {
    const rest = text.slice(error.field.length + 1);
    text = step === "" || /^[A-Z]/.test(rest) ? rest : `${step}: ${rest}`;
  } else if (error.field !== undefined && text.startsWith(`${error.field} `)) {
    // "reader.connection must not be empty." -> "Connection of the Cloud Storage Reader must not be empty."
    const name =
      error.field.includes(".") || error.field.startsWith("filters")
        ? flowFieldName(error.field)
        : fieldName(error.field);
    text = `${name} ${text.slice(error.field.length + 1)}`;
  }
  return text.replace(identifier, (key) => fieldName(key));
}

// A message of the server that came without an error code, in the UI's words.
export function inUserWords(message: string, context: MessageContext = {}): string {
  return rewrite(new ApiError(0, "", message, undefined), context);
}

// A failed connection test: its message, then the fix its remedy names.
export function describeTestFailure(result: TestResult): string {
  const text = inUserWords(result.message);
  return result.remedy === undefined ? text : `${text} ${remedyText(result.remedy)}`;
}

// A refusal the connection form shows before saving (the server's answer to
// a draft), with the fix as the form's own control.
export function describeFormProblem(problem: {
  code: string;
  message: string;
  field?: string;
  remedy?: Remedy;
}): string {
  const text = rewrite(new ApiError(0, problem.code, problem.message, problem.field), {});
  return problem.remedy === undefined ? text : `${text} ${remedyText(problem.remedy, true)}`;
}

// One sentence (or two) for a failed call: "Title: what is wrong. How to fix it."
export function describeError(error: unknown, context: MessageContext = {}): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : "Something went wrong.";
  const text = rewrite(error, context);
  // not_found also means a missing account, token or job: only a missing
  // connection gets the connection wording.
  if (error.code === "not_found" && !text.startsWith("Connection not found")) return text;
  const title = titles[error.code];
  const titled = title === undefined || text.startsWith(title) ? text : `${title}: ${text}`;
  if (error.remedy !== undefined) return `${titled} ${remedyText(error.remedy)}`;
  const hint = hints[error.code];
  const namesFix = /\b(check|choose|tick|untick|edit|sign in|switch|try again|use)\b/i.test(
    text.replace(/^[^:]*:/, ""),
  );
  return hint === undefined || namesFix ? titled : `${titled} ${hint}`;
}

export function describeJobError(
  error: { code: string; message: string; field?: string; remedy?: Remedy },
  context: MessageContext = {},
): string {
  return describeError(new ApiError(0, error.code, error.message, error.field, error.remedy), context);
}

export function errorField(error: unknown): string | undefined {
  return error instanceof ApiError ? error.field : undefined;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
