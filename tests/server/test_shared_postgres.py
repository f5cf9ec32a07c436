"""Two `flowfile serve --auth accounts` processes on one PostgreSQL database.

The database is one of the test cluster of scripts/services/postgres; the
two servers stand as behind a load balancer: what one does, the other sees
at once.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from flowfile_server import Client, Contract, Server

from conftest import CANARY, s3_connection

ADMIN_PASSWORD = "shared admin password"


def _database_url() -> str:
    url = os.environ.get("FLOWFILE_TEST_POSTGRES_URL", "")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("FLOWFILE_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no FLOWFILE_TEST_POSTGRES_URL: run under scripts/test")
    return url


def _psql(url: str, sql: str) -> None:
    # psql of Debian's postgresql-client, installed with the cluster.
    subprocess.run(["psql", url, "-q", "-c", sql], check=True, capture_output=True)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh database of the test cluster, dropped afterwards."""
    admin_url = _database_url()
    name = f"flowfile_servers_{uuid.uuid4().hex[:10]}"
    _psql(admin_url, f"CREATE DATABASE {name}")
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    _psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def pair(contract: Contract, database: str) -> Iterator[tuple[Server, Server]]:
    # Both instances share the store and its master key, each with a data
    # directory of its own.
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    env = {"FLOWFILE_DATABASE_URL": database, "FLOWFILE_MASTER_KEY": key}
    first = Server(contract, auth="accounts", extra_env=env)
    second = Server(contract, auth="accounts", extra_env=env)
    yield first, second
    assert first.stop() == 0
    assert second.stop() == 0


def _signed_in(server: Server, *, setup: bool = False) -> Client:
    client = server.client()
    response = client.sign_in("admin", ADMIN_PASSWORD, setup=setup)
    assert response.status_code in (200, 201), response.text
    return client


def test_health_names_the_postgresql_store(pair: tuple[Server, Server]) -> None:
    for server in pair:
        assert server.client().get("/api/health").json()["store"] == "postgresql"


def test_setup_through_one_instance_signs_in_through_the_other(
    pair: tuple[Server, Server],
) -> None:
    first, second = pair
    _signed_in(first, setup=True)
    # Setup is done for both instances: the second refuses another.
    again = second.client().post(
        "/api/setup", json={"name": "other", "password": "other password"}
    )
    assert again.status_code == 409
    _signed_in(second)


def test_a_connection_made_through_one_is_listed_and_used_through_the_other(
    pair: tuple[Server, Server], s3_endpoint: str
) -> None:
    first, second = pair
    one, two = _signed_in(first), _signed_in(second)
    created = one.post(
        "/api/connections", json=s3_connection("shared-lake", s3_endpoint)
    )
    assert created.status_code == 201, created.text
    names = [
        c["connection_name"] for c in two.get("/api/connections").json()["connections"]
    ]
    assert "shared-lake" in names
    shown = two.get("/api/connections/shared-lake")
    assert shown.status_code == 200
    assert CANARY not in shown.text
    tested = two.post("/api/connections/shared-lake/test", json={})
    assert tested.status_code == 200, tested.text
    assert tested.json()["ok"] is True, tested.text


def test_concurrent_creates_of_one_name_make_one_row_and_one_already_exists(
    pair: tuple[Server, Server], s3_endpoint: str
) -> None:
    first, second = pair
    one, two = _signed_in(first), _signed_in(second)
    body = s3_connection("raced", s3_endpoint)
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(
            pool.map(lambda c: c.post("/api/connections", json=body), [one, two])
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [201, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["error"]["code"] == "already_exists"
    assert "already exists" in refused.json()["error"]["message"]
    rows = one.get("/api/connections").json()["connections"]
    assert [c["connection_name"] for c in rows].count("raced") == 1


def test_a_token_issued_by_one_is_honoured_by_the_other(
    pair: tuple[Server, Server],
) -> None:
    first, second = pair
    one = _signed_in(first)
    issued = one.post("/api/tokens", json={"name": "notebook"})
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    script = second.client()
    script.bearer = token
    made = script.post(
        "/api/connections",
        json={
            **s3_connection("by-token", "http://127.0.0.1:9"),
            "aws_allow_unsafe_html": True,
        },
    )
    assert made.status_code == 201, made.text
    names = [
        c["connection_name"] for c in one.get("/api/connections").json()["connections"]
    ]
    assert "by-token" in names
    # Revoked through the second instance, refused by the first.
    token_id = issued.json()["id"]
    assert _signed_in(second).delete(f"/api/tokens/{token_id}").status_code == 204
    revoked = first.client()
    revoked.bearer = token
    assert revoked.get("/api/connections").status_code == 401
