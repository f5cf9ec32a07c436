// Which fields each storage type and auth method uses: the same matrix the
// server validates (src/core/connection_validation.cpp).
import type { StorageType } from "./types";

export interface MethodFields {
  required: string[];
  optional: string[];
  secretsRequired: string[];
  secretsOptional: string[];
}

export const storageTypes: { value: StorageType; label: string }[] = [
  { value: "s3", label: "Amazon S3 (or S3-compatible)" },
  { value: "adls", label: "Azure Data Lake Storage" },
  { value: "gcs", label: "Google Cloud Storage" },
];

export const authMethods: Record<StorageType, Record<string, MethodFields>> = {
  s3: {
    access_key: {
      required: ["aws_access_key_id"],
      optional: ["aws_region"],
      secretsRequired: ["aws_secret_access_key"],
      secretsOptional: ["aws_session_token"],
    },
    "aws-cli": { required: [], optional: ["aws_region", "aws_profile"], secretsRequired: [], secretsOptional: [] },
    iam_role: { required: ["aws_role_arn"], optional: ["aws_region"], secretsRequired: [], secretsOptional: [] },
    env_vars: { required: [], optional: ["aws_region"], secretsRequired: [], secretsOptional: [] },
  },
  adls: {
    access_key: {
      required: ["azure_account_name"],
      optional: [],
      secretsRequired: ["azure_account_key"],
      secretsOptional: [],
    },
    sas_token: {
      required: ["azure_account_name"],
      optional: [],
      secretsRequired: ["azure_sas_token"],
      secretsOptional: [],
    },
    service_principal: {
      required: ["azure_account_name", "azure_tenant_id", "azure_client_id"],
      optional: [],
      secretsRequired: ["azure_client_secret"],
      secretsOptional: [],
    },
    managed_identity: {
      required: ["azure_account_name"],
      optional: ["azure_client_id"],
      secretsRequired: [],
      secretsOptional: [],
    },
  },
  gcs: {
    service_account: {
      required: [],
      optional: ["gcs_project_id"],
      secretsRequired: ["gcs_service_account_key"],
      secretsOptional: [],
    },
    env_vars: { required: [], optional: ["gcs_project_id"], secretsRequired: [], secretsOptional: [] },
  },
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
};

export const textFieldNames = [
  "aws_region",
  "aws_access_key_id",
  "aws_role_arn",
  "aws_profile",
  "azure_account_name",
  "azure_tenant_id",
  "azure_client_id",
  "gcs_project_id",
  "endpoint_url",
] as const;
export type TextFieldName = (typeof textFieldNames)[number];
