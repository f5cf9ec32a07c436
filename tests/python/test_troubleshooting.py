"""The seed's troubleshooting table, row by row, against real endpoints (the emulators of scripts/services).

Each issue raises its own exception class with the seed's words and never quotes the secret.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

import pytest
from pydantic import SecretStr

import flowfile as ff


def secure_endpoint() -> tuple[str, str, str]:
    """(endpoint, key id, secret) of the TLS + IAM emulator; fails the test when it is not running."""
    names = ("FLOWFILE_TEST_S3_SECURE_ENDPOINT", "FLOWFILE_TEST_S3_SECURE_KEY_ID", "FLOWFILE_TEST_S3_SECURE_SECRET")
    values = [os.environ.get(name, "") for name in names]
    if not all(values):
        pytest.fail(f"{', '.join(names)} are not set: start the emulators with scripts/services/all start DIR")
    return values[0], values[1], values[2]


def closed_port_endpoint() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def connection(endpoint: str, key_id: str, secret: str, unsafe: bool) -> ff.FullCloudStorageConnection:
    return ff.FullCloudStorageConnection(
        connection_name="data-lake",
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=SecretStr(secret),
        endpoint_url=endpoint,
        aws_allow_unsafe_html=unsafe,
    )


def untrusted_certificate(canary: str) -> ff.FullCloudStorageConnection:
    endpoint, key_id, _ = secure_endpoint()
    return connection(endpoint, key_id, canary, unsafe=False)


def wrong_secret(canary: str) -> ff.FullCloudStorageConnection:
    endpoint, key_id, _ = secure_endpoint()
    return connection(endpoint, key_id, canary, unsafe=True)


def refused(canary: str) -> ff.FullCloudStorageConnection:
    return connection(closed_port_endpoint(), "AKIAIOSFODNN7EXAMPLE", canary, unsafe=True)


@pytest.mark.parametrize(
    ("make_connection", "error", "words"),
    [
        (untrusted_certificate, ff.SSLVerificationError, "SSL verification failed"),
        (wrong_secret, ff.AccessDeniedError, "Access denied"),
        (refused, ff.InvalidEndpointError, "Invalid endpoint"),
    ],
)
def test_issue_raises_its_error_with_seed_words(
    make_connection: Callable[[str], ff.FullCloudStorageConnection],
    error: type[ff.FlowfileError],
    words: str,
    canary: str,
) -> None:
    ff.create_cloud_storage_connection(make_connection(canary))
    with pytest.raises(error, match=words) as raised:
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name="data-lake")
    assert canary not in str(raised.value)
    tested = ff.test_cloud_storage_connection("data-lake", "s3://bucket/")
    assert not tested.ok
    assert words in tested.message
    assert canary not in tested.message


def test_connection_not_found_points_at_listing() -> None:
    with pytest.raises(ff.ConnectionNotFoundError, match="Connection not found") as raised:
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name="data-lake")
    assert "get_all_available_cloud_storage_connections" in str(raised.value)


def test_allow_unsafe_fixes_ssl_verification(canary: str) -> None:
    endpoint, key_id, secret = secure_endpoint()
    ff.create_cloud_storage_connection(connection(endpoint, key_id, secret, unsafe=True))
    tested = ff.test_cloud_storage_connection("data-lake")
    assert tested.ok, tested.message
    assert tested.check == "list s3://"
    assert "SSL verification failed" not in tested.message
