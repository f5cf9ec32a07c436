"""Server mode: with FLOWFILE_API_URL and FLOWFILE_API_TOKEN set, connection calls go to a flowfile server.

They act as the token's user, and server errors become the same exceptions as engine errors.
"""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import Server, assert_exception_is_clean, use_server


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
    with pytest.raises(ff.ConnectionExistsError, match=r"create_cloud_storage_connection_if_not_exists\(\)") as raised:
        ff.create_cloud_storage_connection(lake(canary))
    assert_exception_is_clean(raised.value, canary)
    # The server's message in the package's words, as the embedded engine's.
    with pytest.raises(ff.ConnectionNotFoundError, match=r"not found.*get_all_available_cloud_storage_connections"):
        ff.get_cloud_storage_connection("old-connection")
    assert ff.del_cloud_storage_connection("old-connection") is None  # as Flowfile: a missing name is no error
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
