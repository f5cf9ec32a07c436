// The connection form's rules: plain http needs its opt-in before saving,
// and stored secrets are asked for again only when the destination changes.
import { describe, expect, it } from "vitest";
import type { Connection, ConnectionRules } from "../src/api/types";
import { destinationChanges, initialState, plainHttpProblem, requestBody } from "../src/logic/connection_form";
import { connectionOptionLabel, missingConnectionMessage } from "../src/logic/connection_choice";

const rules: ConnectionRules = {
  text_fields: ["aws_region", "aws_access_key_id", "endpoint_url", "gcs_project_id"],
  flags: [
    { name: "verify_ssl", default: true },
    { name: "aws_allow_unsafe_html", default: false },
  ],
  common_optional: ["endpoint_url"],
  storage_types: [
    {
      value: "s3",
      default_auth_method: "env_vars",
      flags: ["aws_allow_unsafe_html"],
      auth_methods: [
        {
          value: "access_key",
          required: ["aws_region", "aws_access_key_id"],
          optional: [],
          secrets_required: ["aws_secret_access_key"],
          secrets_optional: [],
        },
      ],
    },
    {
      value: "gcs",
      default_auth_method: "env_vars",
      flags: ["verify_ssl"],
      auth_methods: [
        { value: "env_vars", required: ["gcs_project_id"], optional: [], secrets_required: [], secrets_optional: [] },
      ],
    },
  ],
};

const stored: Connection = {
  id: 1,
  connection_name: "lake",
  storage_type: "s3",
  auth_method: "access_key",
  aws_region: "us-east-1",
  aws_access_key_id: "AKIA",
  aws_role_arn: "",
  aws_profile: "",
  aws_allow_unsafe_html: false,
  azure_account_name: "",
  azure_tenant_id: "",
  azure_client_id: "",
  gcs_project_id: "",
  endpoint_url: "https://minio.local",
  verify_ssl: true,
  secrets_set: ["aws_secret_access_key"],
  created_at: 0,
  updated_at: 0,
  last_used_at: 0,
};

describe("plainHttpProblem", () => {
  // The rule itself is the core's: the form shows the server's answer.
  it("says nothing when the core allows the endpoint (loopback, https, opted in)", () => {
    expect(plainHttpProblem({ allowed: true })).toBeNull();
  });

  it("names the checkbox of the remedy, below in the form", () => {
    const problem = plainHttpProblem({
      allowed: false,
      problem: {
        code: "invalid_argument",
        field: "endpoint_url",
        message:
          "endpoint_url uses plain http, which sends credentials and data unencrypted: use https (loopback hosts may use http as they are).",
        remedy: { setting: "aws_allow_unsafe_html", value: true },
      },
    });
    expect(problem?.field).toBe("endpoint_url");
    expect(problem?.message).toMatch(/^Endpoint URL uses plain http.* tick "Allow plain HTTP.*" below\.$/);
    expect(problem?.message).not.toMatch(/endpoint_url|aws_/);
  });

  it("asks GCS to untick Verify TLS certificates instead", () => {
    const problem = plainHttpProblem({
      allowed: false,
      problem: {
        code: "invalid_argument",
        field: "endpoint_url",
        message: "endpoint_url uses plain http.",
        remedy: { setting: "verify_ssl", value: false },
      },
    });
    expect(problem?.message).toMatch(/untick "Verify TLS certificates"/);
  });
});

describe("destinationChanges", () => {
  it("keeps stored secrets for a change of region", () => {
    const state = initialState(rules, stored);
    state.text.aws_region = "eu-west-1";
    expect(destinationChanges(rules, stored, state)).toEqual([]);
    expect(requestBody(rules, state)).not.toHaveProperty("aws_secret_access_key");
  });

  it("names the changed destination settings", () => {
    const state = initialState(rules, stored);
    state.flags.aws_allow_unsafe_html = true;
    state.text.endpoint_url = "http://minio.local";
    expect(destinationChanges(rules, stored, state)).toEqual(["Endpoint URL", "Allow plain HTTP"]);
  });
});

describe("connection choice", () => {
  it("names storage and auth method", () => {
    expect(connectionOptionLabel(stored)).toBe("lake (S3 – Access key)");
  });

  it("says when the chosen connection is gone", () => {
    expect(missingConnectionMessage("lake", [stored])).toBeNull();
    expect(missingConnectionMessage("gone", [stored])).toMatch(/“gone” no longer exists/);
    expect(missingConnectionMessage("gone", null)).toBeNull();
  });
});
