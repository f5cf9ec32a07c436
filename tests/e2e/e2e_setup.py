"""What the browser tests' drivers share: moto's endpoint, the screenshot
folder, and an S3 connection body for the HTTP API with a canary secret."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from flowfile_server import s3_connection_body


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
    return s3_connection_body(name, endpoint, secret, plain_http=plain_http)
