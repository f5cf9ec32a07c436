"""The same HTTP calls on upstream Flowfile's cloud routes, run by tests/python/test_upstream_rest_comparison.py.

Run as `python upstream_rest_calls.py CONFIG_JSON`. With CONFIG["url"] the
calls go to that server (ours, `flowfile serve`); without it, to the registry
flowfile_core's own FastAPI app in this process (its venv, its local-user
mode), as upstream's tests call it. Prints each call's status and answer as
JSON, for the test to compare.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

Send = Callable[[str, str, dict[str, Any]], tuple[int, Any]]


def upstream_sender(home: str) -> Send:
    """Calls into the registry's app, signed in as its local user; every place it keeps state is in `home`."""
    os.environ.update(
        HOME=home,
        FLOWFILE_MODE="electron",
        FLOWFILE_STORAGE_DIR=f"{home}/flowfile",
        SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_TELEMETRY="0",
    )
    from fastapi.testclient import TestClient
    from flowfile_core.main import app

    client = TestClient(app)
    token = client.post("/auth/token").json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}

    def send(method: str, path: str, options: dict[str, Any]) -> tuple[int, Any]:
        answer = client.request(method, path, headers=headers, **options)
        return answer.status_code, answer.json()

    return send


def our_sender(url: str) -> Send:
    import requests

    session = requests.Session()

    def send(method: str, path: str, options: dict[str, Any]) -> tuple[int, Any]:
        answer = session.request(method, url + path, timeout=60, **options)
        return answer.status_code, answer.json()

    return send


def connection(config: dict[str, Any], **change: Any) -> dict[str, Any]:
    """A connection as upstream's clients post it: FullCloudStorageConnection.model_dump(), unset fields null."""
    body: dict[str, Any] = {
        field: None
        for field in (
            "aws_role_arn",
            "aws_session_token",
            "azure_account_name",
            "azure_account_key",
            "azure_tenant_id",
            "azure_client_id",
            "azure_client_secret",
            "azure_sas_token",
            "gcs_service_account_key",
            "gcs_project_id",
        )
    }
    body.update(
        storage_type="s3",
        auth_method="access_key",
        connection_name="compare-rest",
        aws_region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        aws_allow_unsafe_html=True,
        endpoint_url=config["endpoint"],
        verify_ssl=True,
    )
    body.update(change)
    return body


def calls(send: Send, config: dict[str, Any]) -> dict[str, Any]:
    """Create, list, update, browse and delete through upstream's routes, with the errors its clients meet."""
    out: dict[str, Any] = {}
    bucket, made = config["bucket"], connection(config)
    out["create"] = send("POST", "/cloud_connections/cloud_connection", {"json": made})
    out["duplicate"] = send("POST", "/cloud_connections/cloud_connection", {"json": made})
    out["list"] = send("GET", "/cloud_connections/cloud_connections", {})
    changed = connection(config, aws_region="eu-west-1")
    out["update"] = send("PUT", "/cloud_connections/cloud_connection", {"json": changed})
    out["list_after_update"] = send("GET", "/cloud_connections/cloud_connections", {})
    out["update_missing"] = send(
        "PUT", "/cloud_connections/cloud_connection", {"json": connection(config, connection_name="never-made")}
    )
    params = {"connection_name": "compare-rest", "path": f"s3://{bucket}/"}
    out["browse"] = send("GET", "/storage_browser/cloud", {"params": params})
    out["browse_folder"] = send(
        "GET", "/storage_browser/cloud", {"params": {**params, "path": f"s3://{bucket}/folder/"}}
    )
    out["delete"] = send(
        "DELETE", "/cloud_connections/cloud_connection", {"params": {"connection_name": "compare-rest"}}
    )
    out["list_after_delete"] = send("GET", "/cloud_connections/cloud_connections", {})
    out["browse_deleted"] = send("GET", "/storage_browser/cloud", {"params": params})
    return out


def main() -> None:
    config = json.loads(sys.argv[1])
    send = our_sender(config["url"]) if "url" in config else upstream_sender(config["home"])
    print(json.dumps(calls(send, config)))


if __name__ == "__main__":
    main()
