// The UI says what is wrong and how to fix it in its own words: no Python
// call or API field name reaches a person, and a fix is never said twice.
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api/client";
import { describeError, describeJobError, describeTestFailure, formatOfPath, remedyText } from "../src/logic/messages";

const apiIdentifier = /aws_|azure_|gcs_|endpoint_url|verify_ssl|=True|=False|\(\)|reader\.|writer\./;

describe("describeError", () => {
  const cases: { name: string; error: ApiError; context?: Parameters<typeof describeError>[1]; says: RegExp }[] = [
    {
      name: "plain http without the opt-in names the checkbox (the remedy, not the words)",
      error: new ApiError(
        502,
        "invalid_endpoint",
        "Invalid endpoint http://10.1.2.3:9000: plain http sends data unencrypted; use https.",
        undefined,
        { setting: "aws_allow_unsafe_html", value: true },
      ),
      says: /^Invalid endpoint http:\/\/10\.1\.2\.3:9000: .*use https\. .*tick "Allow plain HTTP/,
    },
    {
      name: "an untrusted certificate on GCS names the TLS checkbox",
      error: new ApiError(
        502,
        "tls_verification_failed",
        "SSL verification failed for https://x: the server's certificate is not trusted (self-signed, expired or for another host).",
        undefined,
        { setting: "verify_ssl", value: false },
      ),
      says: /untick "Verify TLS certificates"/,
    },
    {
      name: "a refused endpoint says Endpoint URL once",
      error: new ApiError(
        502,
        "invalid_endpoint",
        "Invalid endpoint http://127.0.0.1:9: connection refused by this S3 endpoint.",
        undefined,
        { setting: "endpoint_url" },
      ),
      says: /^Invalid endpoint http:\/\/127\.0\.0\.1:9: connection refused by this S3 endpoint\. Check the connection's Endpoint URL\.$/,
    },
    {
      name: "a duplicate name says what to do in the UI",
      error: new ApiError(
        409,
        "already_exists",
        "A connection named 'x' already exists: choose another name.",
        "connection_name",
      ),
      says: /^Already exists: A connection named 'x' already exists: choose another name\.$/,
    },
    {
      name: "a missing connection points at the Connections page",
      error: new ApiError(404, "not_found", "Connection not found: 'gone'.", "connection_name"),
      says: /^Connection not found: 'gone'\. Check the Connections page/,
    },
    {
      name: "a field of a node becomes the node's label",
      error: new ApiError(400, "invalid_argument", "reader.connection must not be empty.", "reader.connection"),
      says: /^Invalid input: Connection of the Cloud Storage Reader must not be empty\.$/,
    },
    {
      name: "a CSV file read as Parquet says to switch the format",
      error: new ApiError(
        400,
        "invalid_argument",
        "s3://b/in/sales.csv is not a valid file of the requested format: Invalid: Parquet magic bytes not found in footer.",
        undefined,
      ),
      context: { format: "parquet" },
      says: /s3:\/\/b\/in\/sales\.csv is not a Parquet file: its name says CSV\. Switch File format to csv\./,
    },
  ];
  for (const { name, error, context, says } of cases) {
    it(name, () => {
      const text = describeError(error, context);
      expect(text).toMatch(says);
      expect(text).not.toMatch(apiIdentifier);
      expect(text).not.toMatch(/Parquet magic bytes/);
    });
  }

  it("adds a hint only when the message names no fix", () => {
    const bare = describeError(new ApiError(403, "access_denied", "Access denied for s3://b/k.", undefined));
    expect(bare).toBe(
      "Access denied for s3://b/k. Check the connection's credentials and their permissions (Connections page, Edit).",
    );
    const withFix = describeError(
      new ApiError(404, "path_not_found", "No such object s3://b/k: check the path.", undefined),
    );
    expect(withFix.match(/check/gi)?.length).toBe(1);
  });

  it("keeps the text of an error that is not the API's", () => {
    expect(describeError(new Error("boom"))).toBe("boom");
    expect(describeError("no")).toBe("Something went wrong.");
  });
});

describe("formatOfPath", () => {
  it.each([
    ["s3://b/x.parquet", "parquet"],
    ["s3://b/x.CSV", "csv"],
    ["gs://b/x.ndjson", "json"],
    ["s3://b/folder/", undefined],
  ])("%s is %s", (path, format) => {
    expect(formatOfPath(path)).toBe(format);
  });
});

describe("describeTestFailure", () => {
  it("adds the fix a failed test's remedy names", () => {
    const text = describeTestFailure({
      ok: false,
      check: "list s3://",
      message: "SSL verification failed for https://h:1: the server's certificate is not trusted.",
      remedy: { setting: "aws_allow_unsafe_html", value: true },
    });
    expect(text).toMatch(/tick "Allow plain HTTP/);
    expect(text).not.toMatch(apiIdentifier);
  });

  it("says nothing more without a remedy, whatever the message's words", () => {
    // The wording of the old server hint is no longer read: only the remedy is.
    const message = "Check endpoint_url for custom S3 services.";
    expect(describeTestFailure({ ok: false, check: "list s3://", message })).not.toMatch(/Check the connection's/);
  });
});

describe("remedyText", () => {
  it.each([
    [{ setting: "aws_allow_unsafe_html", value: true }, false, /edit the connection .* tick "Allow plain HTTP/],
    [
      { setting: "verify_ssl", value: false },
      true,
      /^For local and dev endpoints only, untick "Verify TLS certificates" below\.$/,
    ],
    [{ setting: "endpoint_url" }, false, /^Check the connection's Endpoint URL\.$/],
  ])("%o (in form: %s)", (remedy, inForm, says) => {
    expect(remedyText(remedy, inForm)).toMatch(says);
  });
});

describe("describeJobError", () => {
  // A run's step fails on its node: the message keeps no API field name.
  it.each([
    [
      "steps[1].settings.column",
      "steps[1].settings.column Column 'nope' is not in the rows here: they have id, city, amount.",
      /^Invalid input: Column 'nope' is not in the rows here/,
    ],
    [
      "steps[1].settings.value",
      "steps[1].settings.value cannot add these: city is string; use numbers, or columns of numbers.",
      /^Invalid input: Value: cannot add these/,
    ],
    ["steps[0].settings.column", "Filter column 'nope' is not in the data.", /^Invalid input: Filter column 'nope'/],
  ])("%s", (field, message, says) => {
    const text = describeJobError({ code: "invalid_argument", message, field });
    expect(text).toMatch(says);
    expect(text).not.toMatch(/steps\[|settings\./);
  });

  it("names the fix of a run's endpoint failure from its remedy", () => {
    const text = describeJobError({
      code: "invalid_endpoint",
      message: "Invalid endpoint http://h:1: DNS failure or bad URL.",
      remedy: { setting: "endpoint_url" },
    });
    expect(text).toBe("Invalid endpoint http://h:1: DNS failure or bad URL. Check the connection's Endpoint URL.");
  });
});
