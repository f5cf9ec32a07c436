"""The server's own cloud identity on an accounts-mode server: auth methods
that sign with the host's identity (its ~/.aws profiles, environment, instance
role, managed identity, Google default credentials) are refused to accounts
until an administrator grants "ambient-identity", and are never sent to an
endpoint_url a user chose, grant or not. Embedded mode (one local user) keeps
them."""

from __future__ import annotations

import http.server
import threading
import uuid
from collections.abc import Iterator

import pytest
from flowfile_server import Client, Contract, Server

ADMIN_PASSWORD = "a long admin password"
PASSWORD = "bob's long password"
# The host's own AWS identity, as the server's environment holds it.
HOST_KEY_ID = "AKIAHOSTIDENTITY7Q2W"
HOST_SECRET = "host-secret-CANARY-5e1d-do-not-send"

AMBIENT = {
    "s3 aws-cli": {
        "storage_type": "s3",
        "auth_method": "aws-cli",
        "aws_region": "us-east-1",
    },
    "s3 env_vars": {
        "storage_type": "s3",
        "auth_method": "env_vars",
        "aws_region": "us-east-1",
    },
    "s3 iam_role": {
        "storage_type": "s3",
        "auth_method": "iam_role",
        "aws_region": "us-east-1",
        "aws_role_arn": "arn:aws:iam::123456789012:role/r",
    },
    "adls managed_identity": {
        "storage_type": "adls",
        "auth_method": "managed_identity",
        "azure_account_name": "acct",
    },
    "gcs local credentials": {"storage_type": "gcs", "auth_method": "env_vars"},
}


class Trap:
    """A loopback HTTP listener that records every request it receives."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                trap.requests.append(f"{self.command} {self.path} {dict(self.headers)}")
                self.send_response(403)
                self.end_headers()

            do_HEAD = do_PUT = do_POST = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_server(contract: Contract) -> Iterator[Server]:
    """An accounts-mode server whose environment holds an AWS identity."""
    server = Server(
        contract,
        auth="accounts",
        extra_env={
            "AWS_ACCESS_KEY_ID": HOST_KEY_ID,
            "AWS_SECRET_ACCESS_KEY": HOST_SECRET,
        },
    )
    yield server
    assert server.stop() == 0


@pytest.fixture
def trap() -> Iterator[Trap]:
    listener = Trap()
    yield listener
    listener.close()


def _admin_and_bob(server: Server) -> tuple[Client, Client, str]:
    admin = server.client()
    assert admin.sign_in("admin", ADMIN_PASSWORD, setup=True).status_code == 201
    name = f"bob-{uuid.uuid4().hex[:8]}"
    assert (
        admin.post(
            "/api/accounts", json={"name": name, "password": PASSWORD}
        ).status_code
        == 201
    )
    bob = server.client()
    assert bob.sign_in(name, PASSWORD).status_code == 200
    return admin, bob, name


def _connection(
    name: str, fields: dict[str, object], **extra: object
) -> dict[str, object]:
    return {"connection_name": name, **fields, **extra}


def test_host_identity_needs_the_grant(host_server: Server) -> None:
    admin, bob, name = _admin_and_bob(host_server)
    for label, fields in AMBIENT.items():
        refused = bob.post("/api/connections", json=_connection("ambient", fields))
        assert refused.status_code == 403, (label, refused.text)
        error = refused.json()["error"]
        assert error["code"] == "access_denied", label
        assert error["field"] == "auth_method", label
        assert "ambient-identity" in error["message"], label
    # Nothing was stored, for bob nor for the admin (who has no grant either).
    assert bob.get("/api/connections").json()["connections"] == []
    assert (
        admin.post(
            "/api/connections", json=_connection("a", AMBIENT["s3 env_vars"])
        ).status_code
        == 403
    )

    # Granted: every ambient method may be created (no endpoint_url).
    granted = admin.put(f"/api/accounts/{name}/grants/ambient-identity")
    assert granted.status_code == 200, granted.text
    assert granted.json() == {"name": name, "grants": ["ambient-identity"]}
    assert admin.put(f"/api/accounts/{name}/grants/ambient-identity").json()[
        "grants"
    ] == ["ambient-identity"]
    for index, fields in enumerate(AMBIENT.values()):
        made = bob.post(
            "/api/connections", json=_connection(f"ambient-{index}", fields)
        )
        assert made.status_code == 201, made.text
    assert len(bob.get("/api/connections").json()["connections"]) == len(AMBIENT)

    # Revoked: the connections stay listed but every use is refused before
    # anything is sent.
    revoked = admin.delete(f"/api/accounts/{name}/grants/ambient-identity")
    assert revoked.status_code == 200
    assert revoked.json()["grants"] == []
    assert admin.get(f"/api/accounts/{name}/grants").json() == {
        "name": name,
        "grants": [],
    }
    for index in range(len(AMBIENT)):
        tested = bob.post(f"/api/connections/ambient-{index}/test", json={"path": ""})
        assert tested.status_code == 403, tested.text
        assert tested.json()["error"]["field"] == "auth_method"


def test_only_admins_grant_and_only_known_grants(host_server: Server) -> None:
    admin, bob, name = _admin_and_bob(host_server)
    assert bob.put(f"/api/accounts/{name}/grants/ambient-identity").status_code == 403
    assert bob.get(f"/api/accounts/{name}/grants").status_code == 403
    unknown = admin.put(f"/api/accounts/{name}/grants/superuser")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["field"] == "grant"
    assert admin.put("/api/accounts/nobody/grants/ambient-identity").status_code == 404
    assert admin.get(f"/api/accounts/{name}/grants").json()["grants"] == []


def test_host_identity_never_goes_to_a_chosen_endpoint(
    host_server: Server, trap: Trap
) -> None:
    admin, bob, name = _admin_and_bob(host_server)
    assert admin.put(f"/api/accounts/{name}/grants/ambient-identity").status_code == 200
    for label in ("s3 aws-cli", "s3 env_vars", "s3 iam_role"):
        fields = _connection(
            "borrow", AMBIENT[label], endpoint_url=trap.url, aws_allow_unsafe_html=True
        )
        refused = bob.post("/api/connections", json=fields)
        assert refused.status_code == 403, (label, refused.text)
        assert refused.json()["error"]["field"] == "endpoint_url"
        assert "custom endpoint" in refused.json()["error"]["message"]
        # Nor by pointing an accepted connection there afterwards.
        assert (
            bob.post(
                "/api/connections", json=_connection("borrow", AMBIENT[label])
            ).status_code
            == 201
        )
        moved = bob.patch(
            "/api/connections/borrow",
            json={"endpoint_url": trap.url, "aws_allow_unsafe_html": True},
        )
        assert moved.status_code == 403, moved.text
        assert bob.delete("/api/connections/borrow").status_code == 204
    assert trap.requests == []


def test_embedded_mode_keeps_the_host_identity(embedded: Server, trap: Trap) -> None:
    client = embedded.client()
    name = f"local-{uuid.uuid4().hex[:8]}"
    fields = _connection(
        name, AMBIENT["s3 env_vars"], endpoint_url=trap.url, aws_allow_unsafe_html=True
    )
    made = client.post("/api/connections", json=fields)
    assert made.status_code == 201, made.text
    assert client.delete(f"/api/connections/{name}").status_code == 204
