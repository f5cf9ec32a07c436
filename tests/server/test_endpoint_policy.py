"""SSRF: on an accounts-mode server, users cannot point connections at the
server's loopback, link-local or private addresses unless an administrator
allowed them (FLOWFILE_ALLOWED_ENDPOINT_HOSTS), and a refusal reads the same
whether something listens there or not."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import CANARY
from flowfile_server import Contract, Server, s3_connection_body

ADMIN_PASSWORD = "a long admin password"


@pytest.fixture
def strict(contract: Contract) -> Iterator[Server]:
    """An accounts-mode server with the default policy: no internal address allowed."""
    server = Server(
        contract, auth="accounts", extra_env={"FLOWFILE_ALLOWED_ENDPOINT_HOSTS": ""}
    )
    yield server
    assert server.stop() == 0


def connection(name: str, endpoint: str) -> dict[str, object]:
    return s3_connection_body(name, endpoint, CANARY)


def test_internal_endpoints_are_unreachable_alike(
    strict: Server, s3_endpoint: str
) -> None:
    admin = strict.client()
    assert admin.sign_in("admin", ADMIN_PASSWORD, setup=True).status_code == 201
    # Something listens at the emulator's port, nothing at port 9.
    targets = {
        "open": s3_endpoint,
        "closed": "http://127.0.0.1:9",
        "metadata": "http://169.254.169.254",
    }
    answers = {}
    for name, endpoint in targets.items():
        assert (
            admin.post("/api/connections", json=connection(name, endpoint)).status_code
            == 201
        )
        tested = admin.post(
            f"/api/connections/{name}/test", json={"path": "s3://bucket/"}
        )
        browsed = admin.get(
            f"/api/connections/{name}/browse", params={"path": "s3://bucket/"}
        )
        for response in (tested, browsed):
            assert response.status_code == 502, response.text
            error = response.json()["error"]
            assert error["field"] == "endpoint_url"
            assert error["message"] == f"Endpoint {endpoint} is unreachable."
        answers[name] = (tested.status_code, tested.json()["error"]["code"])
    assert len(set(answers.values())) == 1, answers


def test_allowed_loopback_reaches_the_emulator(
    contract: Contract, s3_endpoint: str
) -> None:
    server = Server(
        contract,
        auth="accounts",
        extra_env={"FLOWFILE_ALLOWED_ENDPOINT_HOSTS": "private, loopback"},
    )
    try:
        admin = server.client()
        assert admin.sign_in("admin", ADMIN_PASSWORD, setup=True).status_code == 201
        assert (
            admin.post(
                "/api/connections", json=connection("emulator", s3_endpoint)
            ).status_code
            == 201
        )
        tested = admin.post("/api/connections/emulator/test", json={"path": ""})
        assert tested.status_code == 200, tested.text
        metadata = connection("metadata", "http://169.254.169.254")
        assert admin.post("/api/connections", json=metadata).status_code == 201
        assert (
            admin.post("/api/connections/metadata/test", json={"path": ""}).status_code
            == 502
        )
    finally:
        assert server.stop() == 0
