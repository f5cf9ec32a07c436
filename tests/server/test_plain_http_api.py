"""The plain-http rule, declared once in the core: POST
/api/connection-rules/plain-http answers a draft exactly as creating it
would (the web form shows that answer before saving), and every refusal
carries its fix as a remedy (the setting and value) rather than in words."""

from __future__ import annotations

import re
import socket

import pytest
from conftest import CANARY
from flowfile_server import Client, Server

CHECK = "/api/connection-rules/plain-http"
METHODS = {"s3": "access_key", "gcs": "env_vars", "adls": "access_key"}
S3_OPT_IN = {"setting": "aws_allow_unsafe_html", "value": True}
TLS_OFF = {"setting": "verify_ssl", "value": False}


def draft(storage: str, endpoint: str, **flags: bool) -> dict[str, object]:
    body: dict[str, object] = {
        "connection_name": re.sub(
            r"[^a-z0-9]+", "-", f"plain {storage} {endpoint} {sorted(flags)}"
        ),
        "storage_type": storage,
        "auth_method": METHODS[storage],
        "endpoint_url": endpoint,
        **flags,
    }
    if storage == "s3":
        body |= {"aws_region": "us-east-1", "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE"}
        body["aws_secret_access_key"] = CANARY
    if storage == "adls":
        body |= {"azure_account_name": "lakeaccount", "azure_account_key": CANARY}
    return body


CASES = [
    # (storage, endpoint, flags, allowed, remedy)
    ("s3", "http://127.0.0.1:9000", {}, True, None),
    ("s3", "http://localhost:9000", {}, True, None),
    ("s3", "http://[::1]:9000", {}, True, None),
    ("s3", "https://minio.example:9000", {}, True, None),
    ("s3", "http://minio.example:9000", {}, False, S3_OPT_IN),
    ("s3", "http://10.1.2.3:9000", {"aws_allow_unsafe_html": True}, True, None),
    ("gcs", "http://gcs.example:4443", {}, False, TLS_OFF),
    ("gcs", "http://gcs.example:4443", {"verify_ssl": False}, True, None),
    ("adls", "http://azurite.example:10000", {}, False, TLS_OFF),
    ("adls", "http://127.0.0.1:10000", {}, True, None),
]


@pytest.mark.parametrize(("storage", "endpoint", "flags", "allowed", "remedy"), CASES)
def test_the_check_answers_as_create_does(
    embedded: Server,
    storage: str,
    endpoint: str,
    flags: dict[str, bool],
    allowed: bool,
    remedy: object,
) -> None:
    client = embedded.client()
    body = draft(storage, endpoint, **flags)
    answer = client.post(CHECK, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["allowed"] is allowed, answer.text
    created = client.post("/api/connections", json=body)
    if allowed:
        assert "problem" not in answer.json()
        assert created.status_code == 201, created.text
        return
    problem = answer.json()["problem"]
    assert problem["field"] == "endpoint_url"
    assert problem["remedy"] == remedy
    # The one rule: create refuses with the very error the check showed.
    assert created.status_code == 400, created.text
    assert created.json()["error"] == problem
    # The message is neutral: no Python or API identifier of the fix.
    assert "aws_allow_unsafe_html" not in problem["message"]
    assert "=True" not in problem["message"] and "=False" not in problem["message"]


def test_the_check_needs_no_secret_and_stores_nothing(embedded: Server) -> None:
    client = embedded.client()
    body = draft("s3", "http://minio.example:9000")
    del body["aws_secret_access_key"]
    answer = client.post(CHECK, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["allowed"] is False
    listed = client.get("/api/connections").json()["connections"]
    names = [c["connection_name"] for c in listed]
    assert body["connection_name"] not in names


def test_a_malformed_draft_is_400_naming_the_field(embedded: Server) -> None:
    body = {"connection_name": "x", "storage_type": "s3"}
    response = embedded.client().post(CHECK, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == "auth_method"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_refused_endpoint_names_endpoint_url_as_its_remedy(embedded: Server) -> None:
    client = embedded.client()
    body = draft("s3", f"http://127.0.0.1:{closed_port()}")
    assert client.post("/api/connections", json=body).status_code == 201
    name = str(body["connection_name"])
    path = {"path": "s3://bucket/key"}
    tested = client.post(f"/api/connections/{name}/test", json=path)
    assert tested.status_code == 200, tested.text
    result = tested.json()
    assert result["ok"] is False
    assert result["remedy"] == {"setting": "endpoint_url"}
    assert "endpoint_url" not in result["message"]


def test_needs_a_signed_in_caller(accounts: Server) -> None:
    anonymous: Client = accounts.client()
    assert anonymous.post(CHECK, json=draft("s3", "http://10.1.2.3")).status_code == 401
