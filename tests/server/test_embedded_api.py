"""The API in embedded mode (the default): connections of the local user,
request validation, body limits, unknown routes and browser protections."""

from __future__ import annotations

import pytest
from conftest import CANARY, s3_connection
from flowfile_server import Server

ENDPOINT = "http://127.0.0.1:9"  # nothing listens: these tests never reach storage


def test_health_and_session_report_embedded_mode(embedded: Server) -> None:
    client = embedded.client()
    assert client.get("/api/health").json()["mode"] == "embedded"
    session = client.get("/api/session").json()
    assert session["signed_in"] is True
    assert session["user"]["name"] == "local"
    assert session["csrf_token"]


def test_create_get_list_update_rename_delete(embedded: Server) -> None:
    client = embedded.client()
    created = client.post("/api/connections", json=s3_connection("lake", ENDPOINT))
    assert created.status_code == 201
    assert created.json()["connection"]["secrets_set"] == ["aws_secret_access_key"]

    listed = client.get("/api/connections").json()["connections"]
    assert [c["connection_name"] for c in listed] == ["lake"]

    got = client.get("/api/connections/lake").json()
    assert got["aws_region"] == "us-east-1" and "aws_secret_access_key" not in got

    updated = client.patch("/api/connections/lake", json={"aws_region": "eu-west-1"})
    assert updated.status_code == 200
    assert updated.json()["aws_region"] == "eu-west-1"
    assert updated.json()["secrets_set"] == ["aws_secret_access_key"], (
        "an omitted secret keeps its stored value"
    )

    renamed = client.post("/api/connections/lake/rename", json={"new_name": "lake 2"})
    assert renamed.status_code == 200 and renamed.json()["connection_name"] == "lake 2"
    assert client.get("/api/connections/lake").status_code == 404
    assert client.get("/api/connections/lake%202").status_code == 200

    assert client.delete("/api/connections/lake%202").status_code == 204
    missing = client.get("/api/connections/lake%202")
    assert missing.status_code == 404
    assert missing.json()["error"]["message"].startswith("Connection not found")


def test_duplicate_create_conflicts_and_if_not_exists_returns_existing(
    embedded: Server,
) -> None:
    client = embedded.client()
    assert (
        client.post("/api/connections", json=s3_connection("dup", ENDPOINT)).status_code
        == 201
    )
    assert (
        client.post("/api/connections", json=s3_connection("dup", ENDPOINT)).status_code
        == 409
    )
    again = client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("dup", ENDPOINT)
    )
    assert again.status_code == 200 and again.json()["created"] is False
    fresh = client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("dup-2", ENDPOINT)
    )
    assert fresh.status_code == 201 and fresh.json()["created"] is True


def test_clear_secrets_removes_an_optional_secret(embedded: Server) -> None:
    client = embedded.client()
    body = dict(s3_connection("tokened", ENDPOINT), aws_session_token=CANARY + "-token")
    assert set(
        client.post("/api/connections", json=body).json()["connection"]["secrets_set"]
    ) == {"aws_secret_access_key", "aws_session_token"}
    cleared = client.patch(
        "/api/connections/tokened", json={"clear_secrets": ["aws_session_token"]}
    )
    assert cleared.status_code == 200
    assert cleared.json()["secrets_set"] == ["aws_secret_access_key"]


def test_pointing_stored_secrets_at_another_account_needs_them_again(
    embedded: Server,
) -> None:
    client = embedded.client()
    body = {
        "connection_name": "azure-dest",
        "storage_type": "adls",
        "auth_method": "access_key",
        "azure_account_name": "lakeaccount",
        "azure_account_key": CANARY,
    }
    assert client.post("/api/connections", json=body).status_code == 201
    moved = client.patch(
        "/api/connections/azure-dest", json={"azure_account_name": "attackeraccount"}
    )
    assert moved.status_code == 400, moved.text
    assert moved.json()["error"]["field"] == "azure_account_name"
    assert "Give the secrets again" in moved.json()["error"]["message"]
    assert CANARY not in moved.text
    smuggled = client.patch(
        "/api/connections/azure-dest",
        json={"azure_account_name": "attacker.example/#", "azure_account_key": "k"},
    )
    assert smuggled.status_code == 400
    assert smuggled.json()["error"]["field"] == "azure_account_name"
    stored = client.get("/api/connections/azure-dest").json()
    assert stored["azure_account_name"] == "lakeaccount"
    assert stored["secrets_set"] == ["azure_account_key"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"storage_type": "s3", "auth_method": "access_key"}, "connection_name"),
        ({"connection_name": "x", "auth_method": "access_key"}, "storage_type"),
        ({"connection_name": "x", "storage_type": "s3"}, "auth_method"),
        (
            {
                "connection_name": "x",
                "storage_type": "ftp",
                "auth_method": "access_key",
            },
            "storage_type",
        ),
        (
            {"connection_name": "x", "storage_type": "s3", "auth_method": "password"},
            "auth_method",
        ),
        (
            {"connection_name": 7, "storage_type": "s3", "auth_method": "aws-cli"},
            "connection_name",
        ),
        (
            {
                "connection_name": "x",
                "storage_type": "s3",
                "auth_method": "aws-cli",
                "verify_ssl": "yes",
            },
            "verify_ssl",
        ),
        (
            {
                "connection_name": "x",
                "storage_type": "s3",
                "auth_method": "aws-cli",
                "aws_region": 5,
            },
            "aws_region",
        ),
        (
            {
                "connection_name": "x",
                "storage_type": "s3",
                "auth_method": "aws-cli",
                "colour": "red",
            },
            "colour",
        ),
        (
            {"connection_name": "x", "storage_type": "s3", "auth_method": "access_key"},
            "aws_access_key_id",
        ),
        (
            {
                "connection_name": "x",
                "storage_type": "s3",
                "auth_method": "aws-cli",
                "aws_secret_access_key": 12,
            },
            "aws_secret_access_key",
        ),
    ],
)
def test_invalid_bodies_name_the_field(
    embedded: Server, body: dict[str, object], field: str
) -> None:
    response = embedded.client().post("/api/connections", json=body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_argument"
    assert error["field"] == field, error


@pytest.mark.parametrize("payload", ["{not json", "[1, 2]", "", '"text"', "null"])
def test_bad_json_is_a_400_without_parser_text(embedded: Server, payload: str) -> None:
    response = embedded.client().post(
        "/api/connections", data=payload, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "parse_error" not in message and "nlohmann" not in message


def test_oversized_body_is_a_413(embedded: Server) -> None:
    big = '{"connection_name": "' + "a" * (1 << 20) + '"}'
    response = embedded.client().post(
        "/api/connections", data=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


@pytest.mark.parametrize("path", ["/api/nope", "/api/connections/a/b/c", "/api"])
def test_unknown_routes_are_json_404s(embedded: Server, path: str) -> None:
    response = embedded.client().get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_unknown_names_are_404_on_every_connection_route(embedded: Server) -> None:
    client = embedded.client()
    assert client.get("/api/connections/ghost").status_code == 404
    assert (
        client.patch(
            "/api/connections/ghost", json={"aws_region": "us-east-1"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/connections/ghost/rename", json={"new_name": "g2"}
        ).status_code
        == 404
    )
    assert client.delete("/api/connections/ghost").status_code == 404
    assert client.post("/api/connections/ghost/test", json={}).status_code == 404
    assert client.get("/api/connections/ghost/browse").status_code == 404
    assert client.get("/api/jobs/nosuchjob").status_code == 404


def test_update_cannot_rename_and_rename_needs_a_name(embedded: Server) -> None:
    client = embedded.client()
    client.post("/api/connections", json=s3_connection("stay", ENDPOINT))
    response = client.patch("/api/connections/stay", json={"connection_name": "moved"})
    assert (
        response.status_code == 400
        and response.json()["error"]["field"] == "connection_name"
    )
    response = client.post("/api/connections/stay/rename", json={})
    assert (
        response.status_code == 400 and response.json()["error"]["field"] == "new_name"
    )


def test_browse_page_size_is_checked(embedded: Server) -> None:
    client = embedded.client()
    client.post("/api/connections", json=s3_connection("paged", ENDPOINT))
    response = client.get("/api/connections/paged/browse?page_size=0")
    assert (
        response.status_code == 400 and response.json()["error"]["field"] == "page_size"
    )


def test_data_requests_name_the_missing_field(embedded: Server) -> None:
    client = embedded.client()
    response = client.post("/api/data/preview", json={"connection": "c"})
    assert response.status_code == 400 and response.json()["error"]["field"] == "path"
    response = client.post(
        "/api/data/preview", json={"connection": "c", "path": "s3://b/x", "limit": 0}
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "limit"
    response = client.post(
        "/api/flows/run", json={"reader": {"connection": "c", "path": "s3://b/x"}}
    )
    assert response.status_code == 400 and response.json()["error"]["field"] == "writer"
    response = client.post(
        "/api/flows/run",
        json={
            "reader": {"connection": "c", "path": "s3://b/x"},
            "writer": {"connection": "c", "path": "s3://b/y", "write_mode": "merge"},
        },
    )
    assert (
        response.status_code == 400
        and response.json()["error"]["field"] == "writer.write_mode"
    )


def test_tokens_and_setup_do_not_exist_in_embedded_mode(embedded: Server) -> None:
    client = embedded.client()
    assert client.get("/api/tokens").status_code == 404
    assert (
        client.post("/api/setup", json={"name": "a", "password": "b"}).status_code
        == 404
    )
    assert (
        client.post("/api/login", json={"name": "a", "password": "b"}).status_code
        == 404
    )


def test_browser_requests_need_the_csrf_token(embedded: Server) -> None:
    client = embedded.client()
    origin = {"Origin": embedded.url}
    refused = client.post(
        "/api/connections", json=s3_connection("csrf", ENDPOINT), headers=origin
    )
    assert (
        refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    )
    client.csrf = client.get("/api/session").json()["csrf_token"]
    accepted = client.post(
        "/api/connections", json=s3_connection("csrf", ENDPOINT), headers=origin
    )
    assert accepted.status_code == 201


def test_foreign_host_header_is_refused(embedded: Server) -> None:
    response = embedded.client().get(
        "/api/connections", headers={"Host": "attacker.example:80"}
    )
    assert response.status_code == 403


def test_flowfile_client_paths(embedded: Server) -> None:
    # Flowfile's shapes in detail: test_flowfile_client_api.py.
    client = embedded.client()
    body = s3_connection("legacy", ENDPOINT)
    created = client.post("/cloud_connections/cloud_connection", json=body)
    assert created.status_code == 200
    assert created.json() == {"message": "Cloud connection created successfully"}
    listed = client.get("/cloud_connections/cloud_connections").json()
    assert "legacy" in [c["connection_name"] for c in listed]
    updated = client.put(
        "/cloud_connections/cloud_connection",
        json={"connection_name": "legacy", "aws_region": "us-west-2"},
    )
    assert updated.status_code == 200
    stored = client.get("/api/connections/legacy").json()
    assert stored["aws_region"] == "us-west-2"
    assert stored["secrets_set"] == ["aws_secret_access_key"]
    missing_name = client.delete("/cloud_connections/cloud_connection")
    assert missing_name.status_code == 422
    deleted = client.delete(
        "/cloud_connections/cloud_connection?connection_name=legacy"
    )
    assert deleted.status_code == 200
    for response in (
        client.delete("/cloud_connections/cloud_connection?connection_name=legacy"),
        client.put(
            "/cloud_connections/cloud_connection", json={"connection_name": "legacy"}
        ),
    ):
        assert response.status_code == 404 and "detail" in response.json()
    assert (
        client.post(
            "/cloud_connections/cloud_connection", json={"connection_name": "x"}
        ).status_code
        == 422
    )


def test_web_ui_is_served_for_ui_paths(embedded: Server) -> None:
    import requests

    index = requests.get(embedded.url + "/", timeout=10)
    assert index.status_code == 200 and '<div id="app"' in index.text
    deep = requests.get(embedded.url + "/connections", timeout=10)
    for path, answer in (("/", index), ("/connections", deep)):
        embedded.contract.record(
            "GET", path, answer.status_code, answer.text, answer.headers
        )
    assert deep.status_code == 200 and deep.text == index.text
    assert "default-src 'self'" in index.headers["Content-Security-Policy"]
    policy = index.headers["Content-Security-Policy"]
    assert "base-uri 'none'" in policy and "form-action 'self'" in policy


@pytest.mark.parametrize(
    "raw_path",
    [
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/..%2F..%2F..%2Fetc%2Fpasswd",
        "/assets/../../etc/passwd",
    ],
)
def test_static_files_never_leave_the_web_root(embedded: Server, raw_path: str) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", embedded.port, timeout=10)
    connection.request("GET", raw_path)
    response = connection.getresponse()
    body = response.read().decode(errors="replace")
    connection.close()
    embedded.contract.record(
        "GET", raw_path, response.status, body, response.getheaders()
    )
    assert "root:" not in body
    assert response.status in (200, 400, 404)
    if response.status == 200:
        assert '<div id="app"' in body, "only the UI's index.html may answer"
