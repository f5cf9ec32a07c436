"""A canary secret planted in connections never comes back out.

Not in output, logs, exceptions, tracebacks, locals of flowfile's own frames, reprs, listings or the store file.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyarrow as pa
import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import assert_exception_is_clean, emulator_connection


@pytest.fixture(autouse=True)
def capture_everything(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


def assert_nothing_leaked(canary: str, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    # capfd, not capsys: what the native code writes to file descriptors 1
    # and 2 (Arrow, the AWS SDK, our C++) never passes through sys.stdout.
    captured = capfd.readouterr()
    assert canary not in captured.out
    assert canary not in captured.err
    assert canary not in caplog.text


def test_management_calls_never_show_secret(
    canary: str, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, flowfile_home: Path
) -> None:
    connection = ff.FullCloudStorageConnection(
        connection_name="lake",
        auth_method="access_key",
        aws_access_key_id="AKIA",
        aws_secret_access_key=SecretStr(canary),
    )
    print(connection, repr(connection), connection.model_dump(), connection.model_dump_json())
    created = ff.create_cloud_storage_connection(connection)
    listed = ff.get_all_available_cloud_storage_connections()
    print(created, listed, [c.model_dump() for c in listed])
    with pytest.raises(ff.ConnectionExistsError) as raised:
        ff.create_cloud_storage_connection(connection)
    assert_exception_is_clean(raised.value, canary)
    ff.del_cloud_storage_connection("lake")
    assert_nothing_leaked(canary, capfd, caplog)
    for path in flowfile_home.rglob("*"):
        if path.is_file():
            assert canary.encode() not in path.read_bytes(), f"{path.name} holds the secret in plain text"


def test_plain_str_secret_is_not_kept_in_validation_error(canary: str) -> None:
    with pytest.raises(ValueError) as raised:
        ff.FullCloudStorageConnection(connection_name="lake", aws_secret_access_key=canary)
    assert_exception_is_clean(raised.value, canary)


def test_data_errors_never_show_secret(
    s3_endpoint: str,
    s3_client: object,
    canary: str,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    ff.create_cloud_storage_connection(emulator_connection("lake", s3_endpoint, canary))
    with pytest.raises(ff.FlowfileError) as raised:
        ff.scan_parquet_from_cloud_storage("s3://no-such-bucket-for-flowfile/x.parquet", connection_name="lake")
    assert_exception_is_clean(raised.value, canary)
    with pytest.raises(ff.FlowfileError) as raised:
        ff.write_parquet_to_cloud_storage(
            pa.table({"x": [1]}), "s3://no-such-bucket-for-flowfile/y.parquet", connection_name="lake"
        )
    assert_exception_is_clean(raised.value, canary)
    s3_client.create_bucket(Bucket="flowfile-canary")  # type: ignore[attr-defined]
    s3_client.put_object(Bucket="flowfile-canary", Key="x.csv", Body=b"a,b\n1,2\n")  # type: ignore[attr-defined]
    frame = ff.scan_csv_from_cloud_storage("s3://flowfile-canary/x.csv", connection_name="lake")
    print(frame, repr(frame), frame.explain(), frame.collect())
    with pytest.raises(ff.FlowfileError) as raised:
        frame.select("no_such_column").collect()
    assert_exception_is_clean(raised.value, canary)
    assert_nothing_leaked(canary, capfd, caplog)


def test_unreachable_endpoint_error_never_shows_secret(canary: str) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ff.create_cloud_storage_connection(emulator_connection("lake", f"http://127.0.0.1:{port}", canary))
    with pytest.raises(ff.FlowfileError) as raised:
        ff.scan_csv_from_cloud_storage("s3://bucket/x.csv", connection_name="lake").collect()
    assert_exception_is_clean(raised.value, canary)
    result = ff.test_cloud_storage_connection("lake", "s3://bucket/")
    assert not result.ok
    assert canary not in repr(result)


def test_server_mode_request_errors_never_hold_secret(monkeypatch: pytest.MonkeyPatch, canary: str) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FLOWFILE_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "token")
    connection = ff.FullCloudStorageConnection(
        connection_name="lake", auth_method="access_key", aws_access_key_id="AKIA", aws_secret_access_key=canary
    )
    with pytest.raises(ff.ServiceUnavailableError) as raised:
        ff.create_cloud_storage_connection(connection)
    assert_exception_is_clean(raised.value, canary)
