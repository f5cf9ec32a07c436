"""Fixtures: one contract for the whole run, servers in embedded and
accounts mode, and the checks made once every test has run, whatever the
order: no response and no server output ever held the canary secret, and
(when the whole suite ran) every documented route was exercised."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flowfile_server import Contract, Server, s3_connection_body

CANARY = "CANARY-SECRET-7f3a9c-do-not-leak"
CONTRACT = Contract()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return CONTRACT


_DESELECTED: list[pytest.Item] = []


def pytest_deselected(items: list[pytest.Item]) -> None:
    _DESELECTED.extend(items)


def _whole_suite_ran(session: pytest.Session) -> bool:
    """Every test of every test file here was selected (no -k, no file
    picked), so every documented route should have been called."""
    here = Path(__file__).parent
    files = {path.name for path in here.glob("test_*.py")}
    ran = {Path(str(item.path)).name for item in session.items}
    return ran == files and not _DESELECTED


@pytest.fixture(scope="session", autouse=True)
def final_checks(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the last test and the last server's stop: a failure here fails
    the run (as an error in the teardown of the last test)."""
    yield
    leaked = [
        f"{e.method} {e.path}"
        for e in CONTRACT.exchanges
        if CANARY in e.text or CANARY in e.headers
    ]
    assert not leaked, f"canary secret in responses of {leaked}"
    leaked_output = [
        i for i, text in enumerate(CONTRACT.server_output) if CANARY in text
    ]
    assert not leaked_output, f"canary secret in the output of servers {leaked_output}"
    if _whole_suite_ran(request.session):
        assert len(CONTRACT.exchanges) > 50, "the responses were not recorded"
        assert len(CONTRACT.server_output) > 5, "the servers' output was not collected"
        missing = CONTRACT.documented_operations() - CONTRACT.exercised
        assert not missing, f"documented but never called: {sorted(missing)}"


@pytest.fixture(scope="module")
def embedded() -> Iterator[Server]:
    server = Server(CONTRACT)
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="module")
def accounts() -> Iterator[Server]:
    server = Server(CONTRACT, auth="accounts")
    yield server
    assert server.stop() == 0


@pytest.fixture(scope="session")
def s3_endpoint() -> str:
    endpoint = os.environ.get("FLOWFILE_TEST_S3_ENDPOINT", "")
    assert endpoint, (
        "FLOWFILE_TEST_S3_ENDPOINT is not set: run the tests through scripts/test, which starts moto."
    )
    return endpoint


def s3_connection(name: str, endpoint: str, secret: str = CANARY) -> dict[str, object]:
    return s3_connection_body(name, endpoint, secret)
