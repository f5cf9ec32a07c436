// What the connection form says about storage types, auth methods and
// fields: labels only. Which fields each combination uses comes from the
// server (GET /api/connection-rules, the table validation enforces).

export const storageTypeLabels: Record<string, string> = {
  s3: "Amazon S3 (or S3-compatible)",
  adls: "Azure Data Lake Storage",
  gcs: "Google Cloud Storage",
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

// How the form shows the text fields every combination may set.
export const commonFieldInputs: Record<string, { type: string; placeholder: string; hint: string }> = {
  endpoint_url: { type: "url", placeholder: "https://…", hint: "For S3-compatible services and emulators." },
};
