"""What the browser tests' drivers share: moto's endpoint, the screenshot
folder, and an S3 connection body for the HTTP API with a canary secret."""

from __future__ import annotations

import os
from pathlib import Path


def s3_endpoint() -> str:
    """moto's S3 endpoint, which scripts/test starts and names in FLOWFILE_TEST_S3_ENDPOINT."""
    endpoint = os.environ.get("FLOWFILE_TEST_S3_ENDPOINT", "")
    assert endpoint, "FLOWFILE_TEST_S3_ENDPOINT is not set: run through scripts/test, which starts moto's S3 server."
    return endpoint


def artifacts_dir() -> str:
    """Where screenshots go: E2E_ARTIFACTS, else e2e-artifacts in the working folder."""
    return os.environ.get("E2E_ARTIFACTS") or str(Path.cwd() / "e2e-artifacts")


def s3_connection(name: str, endpoint: str, secret: str, *, plain_http: bool = True) -> dict[str, object]:
    """A POST /api/connections body: moto's access key with `secret` as the secret key."""
    return {
        "connection_name": name,
        "storage_type": "s3",
        "auth_method": "access_key",
        "aws_region": "us-east-1",
        "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": secret,
        "endpoint_url": endpoint,
        "aws_allow_unsafe_html": plain_http,
    }
