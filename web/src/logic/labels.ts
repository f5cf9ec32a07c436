// What the UI calls storage types, auth methods and fields. The API's names
// (aws_allow_unsafe_html, endpoint_url, ...) never reach a person: every
// message and form label goes through these tables.

export const storageTypeLabels: Record<string, string> = {
  s3: "Amazon S3 (or S3-compatible)",
  adls: "Azure Data Lake Storage",
  gcs: "Google Cloud Storage",
};

// Short names for places where the long ones do not fit (dropdowns, nodes).
export const storageTypeShortLabels: Record<string, string> = {
  s3: "S3",
  adls: "Azure ADLS",
  gcs: "GCS",
};

export const authLabels: Record<string, string> = {
  access_key: "Access key",
  "aws-cli": "AWS CLI profile",
  iam_role: "Assume IAM role",
  env_vars: "Environment / default credentials",
  sas_token: "SAS token",
  service_principal: "Service principal",
  managed_identity: "Managed identity",
  service_account: "Service account key",
};

export const fieldLabels: Record<string, string> = {
  connection_name: "Connection name",
  storage_type: "Storage type",
  auth_method: "Authentication",
  aws_region: "AWS region",
  aws_access_key_id: "Access key ID",
  aws_secret_access_key: "Secret access key",
  aws_session_token: "Session token",
  aws_role_arn: "Role ARN",
  aws_profile: "Profile (empty: default)",
  azure_account_name: "Storage account name",
  azure_account_key: "Account key",
  azure_tenant_id: "Tenant ID",
  azure_client_id: "Client ID",
  azure_client_secret: "Client secret",
  azure_sas_token: "SAS token",
  gcs_project_id: "Project ID",
  gcs_service_account_key: "Service account key (JSON)",
  endpoint_url: "Endpoint URL (optional)",
  verify_ssl: "Verify TLS certificates",
  aws_allow_unsafe_html: "Allow plain HTTP / unchecked TLS (local and dev endpoints only)",
};

// The name of a field in a sentence ("Endpoint URL", not "Endpoint URL (optional)").
export function fieldName(key: string): string {
  const label = fieldLabels[key];
  return label === undefined ? key : label.replace(/\s*\(.*\)$/, "");
}

// The fields of a flow request, by the API's dotted names, as a node's form
// shows them.
export const flowFieldLabels: Record<string, string> = {
  connection: "Connection",
  path: "File path",
  format: "File format",
  scan_mode: "Scan mode",
  compression: "Compression",
  write_mode: "Write mode",
  partition_by: "Partition columns",
  merge_keys: "Merge keys",
  "csv.delimiter": "CSV delimiter",
  select: "Columns",
  limit: "Row limit",
};

// A transform node's settings as its form labels them.
const stepSettingLabels: Record<string, string> = {
  columns: "Columns to keep",
  column: "Column",
  op: "Operation",
  value: "Value",
  keys: "Column",
  names: "Column",
  name: "New column name",
  operand: "Or column",
  rows: "Number of rows",
};

// "steps[1].settings.column" (a run's step) or "nodes[2].settings.value" (a
// saved flow's node): the setting's label, "" for the node as a whole;
// undefined for any other field.
export function stepFieldName(field: string): string | undefined {
  const step = /^(?:steps|nodes)\[\d+\]\.settings\.?([a-z_]*)/.exec(field);
  if (step === null) return undefined;
  const key = step[1] ?? "";
  return key === "" ? "" : (stepSettingLabels[key] ?? key);
}

export function flowFieldName(field: string): string {
  const [head, ...rest] = field.split(".");
  const node = head === "reader" ? "Cloud Storage Reader" : head === "writer" ? "Cloud Storage Writer" : "";
  const key = node === "" ? field : rest.join(".");
  const filter = /^filters\[(\d+)\]\.?(.*)$/.exec(key);
  if (filter !== null) return `Filter ${Number(filter[1]) + 1}${filter[2] ? ` (${filter[2]})` : ""}`;
  const label = flowFieldLabels[key] ?? fieldLabels[key] ?? key;
  return node === "" ? label : `${label} of the ${node}`;
}
