"""Server mode: with FLOWFILE_API_URL and FLOWFILE_API_TOKEN set, connection calls go to a flowfile server.

They act as the token's user, and server errors become the same exceptions as engine errors.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import assert_exception_is_clean, flowfile_binary


@dataclass
class Server:
    """A running `flowfile serve` and its base URL."""

    url: str
    process: subprocess.Popen[str]


def start_server(home: Path, auth: str) -> Iterator[Server]:
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_AUTH=auth)
    process = subprocess.Popen(
        [str(flowfile_binary()), "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"no listening line from flowfile serve, got {line!r}"
        yield Server(match[0], process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`flowfile serve` with accounts, on a free loopback port, with its own store."""
    yield from start_server(tmp_path / "server-home", "accounts")


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[Server]:
    """`flowfile serve` without accounts (the local user), with a store apart from the test's FLOWFILE_HOME."""
    yield from start_server(tmp_path / "server-home", "embedded")


class Browser:
    """A signed-in user of the server, for arranging accounts and tokens."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST a JSON body with the session cookie and CSRF token; the JSON answer."""
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf},
        )
        with self.opener.open(request, timeout=60) as response:
            answer = json.loads(response.read())
        self.csrf = answer.get("csrf_token", self.csrf)
        return answer

    def new_token(self) -> str:
        """A new API token of this user."""
        return str(self.post("/api/tokens", {"name": "python"})["token"])


@pytest.fixture
def tokens(server: Server) -> dict[str, str]:
    """API tokens of two users, alice (the first admin) and bob."""
    alice = Browser(server.url)
    alice.post("/api/setup", {"name": "alice", "password": "correct horse battery staple"})
    alice.post("/api/accounts", {"name": "bob", "password": "another long password"})
    bob = Browser(server.url)
    bob.post("/api/login", {"name": "bob", "password": "another long password"})
    return {"alice": alice.new_token(), "bob": bob.new_token()}


def use_server(monkeypatch: pytest.MonkeyPatch, server: Server, token: str) -> None:
    monkeypatch.setenv("FLOWFILE_API_URL", server.url)
    monkeypatch.setenv("FLOWFILE_API_TOKEN", token)


def lake(secret: str) -> ff.FullCloudStorageConnection:
    return ff.FullCloudStorageConnection(
        connection_name="data-lake",
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SecretStr(secret),
    )


def test_connections_go_to_server_as_token_user(
    server: Server, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch, canary: str
) -> None:
    use_server(monkeypatch, server, tokens["alice"])
    created = ff.create_cloud_storage_connection(lake(canary))
    assert created.secrets_set == ("aws_secret_access_key",)
    assert canary not in repr(created)
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["data-lake"]
    assert ff.get_cloud_storage_connection("data-lake").aws_region == "us-east-1"

    use_server(monkeypatch, server, tokens["bob"])
    assert ff.get_all_available_cloud_storage_connections() == []
    with pytest.raises(ff.ConnectionNotFoundError):
        ff.get_cloud_storage_connection("data-lake")

    monkeypatch.delenv("FLOWFILE_API_URL")
    assert ff.get_all_available_cloud_storage_connections() == [], "the local store must not see server connections"


def test_server_errors_raise_engine_exceptions(
    server: Server, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch, canary: str
) -> None:
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(lake(canary))
    with pytest.raises(ff.ConnectionExistsError) as raised:
        ff.create_cloud_storage_connection(lake(canary))
    assert_exception_is_clean(raised.value, canary)
    with pytest.raises(ff.ConnectionNotFoundError, match="Connection not found"):
        ff.del_cloud_storage_connection("old-connection")
    use_server(monkeypatch, server, "not-a-token")
    with pytest.raises(ff.AccessDeniedError):
        ff.get_all_available_cloud_storage_connections()


def test_manage_lifecycle_through_server(
    server: Server, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection_if_not_exists(lake("first"))
    again = ff.create_cloud_storage_connection_if_not_exists(
        lake("second").model_copy(update={"aws_region": "eu-west-1"})
    )
    assert again.aws_region == "us-east-1"
    updated = ff.update_cloud_storage_connection(lake("third").model_copy(update={"aws_region": "eu-west-1"}))
    assert updated.aws_region == "eu-west-1"
    assert ff.rename_cloud_storage_connection("data-lake", "lake-2").connection_name == "lake-2"
    ff.del_cloud_storage_connection("lake-2")
    assert ff.get_all_available_cloud_storage_connections() == []


def test_local_server_stores_what_python_creates(local_server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    use_server(monkeypatch, local_server, "unused-by-a-local-server")
    ff.create_cloud_storage_connection(lake("secret-value"))
    with urllib.request.urlopen(local_server.url + "/api/connections", timeout=60) as response:
        listed = json.loads(response.read())["connections"]
    assert [c["connection_name"] for c in listed] == ["data-lake"]
    assert listed[0]["secrets_set"] == ["aws_secret_access_key"]
    with pytest.raises(ff.ConnectionExistsError):
        ff.create_cloud_storage_connection(lake("secret-value"))
    monkeypatch.delenv("FLOWFILE_API_URL")
    assert ff.get_all_available_cloud_storage_connections() == [], "the test's own store must stay empty"


def test_unreachable_server_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FLOWFILE_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "token")
    with pytest.raises(ff.ServiceUnavailableError, match="unreachable"):
        ff.get_all_available_cloud_storage_connections()


def test_data_calls_in_server_mode_are_refused_not_run_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWFILE_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "token")
    with pytest.raises(ff.InvalidArgumentError, match="FLOWFILE_API_URL"):
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name="data-lake")
    with pytest.raises(ff.InvalidArgumentError, match="FLOWFILE_API_URL"):
        ff.write_parquet_to_cloud_storage(pa.table({"x": [1]}), "s3://bucket/out.parquet", connection_name="data-lake")
