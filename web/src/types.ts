// Shapes of the flowfile HTTP API (api/openapi.yaml), as the UI uses them.

export type StorageType = "s3" | "adls" | "gcs";

export interface Connection {
  id: number;
  connection_name: string;
  storage_type: StorageType;
  auth_method: string;
  aws_region: string;
  aws_access_key_id: string;
  aws_role_arn: string;
  aws_profile: string;
  aws_allow_unsafe_html: boolean;
  azure_account_name: string;
  azure_tenant_id: string;
  azure_client_id: string;
  gcs_project_id: string;
  endpoint_url: string;
  verify_ssl: boolean;
  secrets_set: string[];
  created_at: number;
  updated_at: number;
  last_used_at: number;
}

// GET /api/connection-rules: which fields each storage type x auth method
// combination requires or allows, in the order the form offers them.
export interface AuthMethodRule {
  value: string;
  required: string[];
  optional: string[];
  secrets_required: string[];
  secrets_optional: string[];
}

export interface StorageTypeRule {
  value: StorageType;
  flags: string[];
  auth_methods: AuthMethodRule[];
}

export interface FlagRule {
  name: string;
  default: boolean;
}

export interface ConnectionRules {
  text_fields: string[];
  flags: FlagRule[];
  common_optional: string[];
  storage_types: StorageTypeRule[];
}

export interface User {
  id: number;
  name: string;
  is_admin: boolean;
}

export interface SessionInfo {
  mode: "embedded" | "accounts";
  signed_in: boolean;
  user: User | null;
  csrf_token?: string;
  setup_required: boolean;
}

export interface SignInResponse {
  user: User;
  csrf_token: string;
  expires_at: number;
}

export interface TestResult {
  ok: boolean;
  check: string;
  message: string;
}

export interface BrowseEntry {
  path: string;
  is_directory: boolean;
  size: number;
}

export interface BrowsePage {
  entries: BrowseEntry[];
  next_page_token: string;
}

export type Cell = string | number | boolean | null;

export interface Preview {
  columns: { name: string; type: string }[];
  rows: Cell[][];
  row_count: number;
}

export interface JobStatus {
  id: string;
  state: "running" | "succeeded" | "failed";
  rows_read: number;
  batches_read: number;
  started_at: number;
  finished_at: number;
  result: { rows: number; bytes: number; seconds: number; path: string } | null;
  error: { code: string; message: string } | null;
}

export interface CsvSettings {
  delimiter: string;
  has_header: boolean;
}

export interface ReaderSettings {
  connection: string;
  path: string;
  format: "parquet" | "csv" | "json";
  scan_mode: "single_file" | "directory";
  hive_partitioning: boolean;
  csv: CsvSettings;
}

export interface WriterSettings {
  connection: string;
  path: string;
  format: "parquet" | "csv" | "json";
  compression: "snappy" | "gzip" | "brotli" | "lz4" | "zstd" | "none";
  write_mode: "overwrite" | "append";
  csv: CsvSettings;
}
