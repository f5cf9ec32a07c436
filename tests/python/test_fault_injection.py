"""Faults between flowfile and the storage, and in its own store.

S3 through a fault proxy of our own (tests/support/fault_proxy.py) in front
of moto: transient errors (500, 503 SlowDown) and slow answers are retried
with backoff and the read or write succeeds, an answer that never comes is
an error in bounded time; a connection dropped mid-read
is retried; a write whose upload keeps failing is a clear error and leaves
no object, not even part of one. The store: a database locked by another
process, a full disk (RLIMIT_FSIZE) and a process killed during writes and
key rotation give clear errors and lose nothing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff
from conftest import emulator_connection, flowfile_binary

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from fault_proxy import Fault, FaultProxy


@pytest.fixture
def proxy(s3_endpoint: str) -> Iterator[FaultProxy]:
    running = FaultProxy(s3_endpoint)
    yield running
    running.close()


@pytest.fixture
def table() -> pa.Table:
    return pa.table({"id": list(range(1000)), "name": [f"row-{i}" for i in range(1000)]})


@pytest.fixture
def stored(s3_client: object, bucket: str, table: pa.Table, tmp_path: Path) -> str:
    """The table as an object on moto (put directly, not through the proxy)."""
    local = tmp_path / "data.parquet"
    pq.write_table(table, local)
    s3_client.put_object(Bucket=bucket, Key="data.parquet", Body=local.read_bytes())  # type: ignore[attr-defined]
    return f"s3://{bucket}/data.parquet"


@pytest.fixture
def through_proxy(flowfile_home: Path, proxy: FaultProxy) -> str:
    ff.create_cloud_storage_connection(emulator_connection("faulty", proxy.url, "testing"))
    return "faulty"


def read(uri: str) -> pa.Table:
    return ff.scan_parquet_from_cloud_storage(uri, connection_name="faulty").to_arrow()


def keys(s3_client: object, bucket: str) -> list[str]:
    listed = s3_client.list_objects_v2(Bucket=bucket)  # type: ignore[attr-defined]
    return [item["Key"] for item in listed.get("Contents", [])]


def test_transient_errors_and_slowdown_are_retried(
    proxy: FaultProxy, through_proxy: str, stored: str, table: pa.Table
) -> None:
    proxy.add(
        Fault(method="GET", status=503, code="SlowDown"),
        Fault(method="GET", status=500),
        Fault(method="HEAD", status=503, code="SlowDown"),
    )
    assert read(stored).equals(table)
    assert proxy.pending() == 0, "the faults were never met"
    assert len(proxy.log.injected) == 3


def test_a_slow_answer_is_waited_for(proxy: FaultProxy, through_proxy: str, stored: str, table: pa.Table) -> None:
    proxy.add(Fault(method="GET", delay=1.5))
    started = time.monotonic()
    assert read(stored).equals(table)
    assert time.monotonic() - started >= 1.5
    assert proxy.pending() == 0


def test_an_answer_that_never_comes_is_a_clear_error_in_bounded_time(
    proxy: FaultProxy, through_proxy: str, stored: str
) -> None:
    proxy.add(*[Fault(delay=120.0) for _ in range(20)])
    started = time.monotonic()
    with pytest.raises(ff.FlowfileError) as raised:
        read(stored)
    waited = time.monotonic() - started
    assert waited < 60, f"a silent server held the read for {waited:.0f} s"
    message = str(raised.value)
    assert "did not answer in time" in message and proxy.url in message, message


def test_a_connection_dropped_mid_read_is_retried(
    proxy: FaultProxy, through_proxy: str, stored: str, table: pa.Table
) -> None:
    proxy.add(Fault(method="GET", drop_response=True))
    assert read(stored).equals(table)
    assert proxy.pending() == 0


def test_transient_write_errors_are_retried_and_the_object_is_whole(
    proxy: FaultProxy, through_proxy: str, bucket: str, s3_client: object, table: pa.Table
) -> None:
    proxy.add(Fault(method="PUT", status=503, code="SlowDown"), Fault(method="PUT", drop_request=True))
    result = ff.write_parquet_to_cloud_storage(table, f"s3://{bucket}/out.parquet", connection_name="faulty")
    assert result.rows == len(table)
    assert proxy.pending() == 0
    assert read(f"s3://{bucket}/out.parquet").equals(table)


def test_an_upload_that_keeps_failing_is_a_clear_error_and_leaves_nothing(
    proxy: FaultProxy, through_proxy: str, bucket: str, s3_client: object, table: pa.Table
) -> None:
    proxy.add(*[Fault(method="PUT", drop_request=True) for _ in range(30)])
    proxy.add(*[Fault(method="POST", path_part="uploads", status=500) for _ in range(30)])
    with pytest.raises(ff.FlowfileError) as raised:
        ff.write_parquet_to_cloud_storage(table, f"s3://{bucket}/broken.parquet", connection_name="faulty")
    message = str(raised.value)
    assert "broken.parquet" in message or "faulty" in message, message
    assert keys(s3_client, bucket) == [], "a failed write left an object behind"


@pytest.fixture
def large_table() -> pa.Table:
    """About 13 MiB of incompressible bytes: more than one 10 MiB part of a multipart upload."""
    return pa.table({"id": list(range(200_000)), "blob": [os.urandom(64) for _ in range(200_000)]})


def test_a_part_dropped_mid_upload_is_retried_and_the_object_is_whole(
    proxy: FaultProxy, through_proxy: str, bucket: str, large_table: pa.Table
) -> None:
    proxy.add(Fault(method="PUT", path_part="partNumber=1", drop_request=True))
    result = ff.write_parquet_to_cloud_storage(large_table, f"s3://{bucket}/large.parquet", connection_name="faulty")
    assert result.rows == len(large_table)
    assert proxy.pending() == 0, "the upload was not a multipart one"
    assert read(f"s3://{bucket}/large.parquet").equals(large_table)


def test_a_multipart_upload_that_keeps_failing_leaves_no_object(
    proxy: FaultProxy, through_proxy: str, bucket: str, s3_client: object, large_table: pa.Table
) -> None:
    proxy.add(*[Fault(method="PUT", path_part="partNumber=", drop_request=True) for _ in range(30)])
    with pytest.raises(ff.FlowfileError):
        ff.write_parquet_to_cloud_storage(large_table, f"s3://{bucket}/large.parquet", connection_name="faulty")
    assert any("partNumber=" in request for request in proxy.log.injected), "the upload was not a multipart one"
    assert keys(s3_client, bucket) == [], "a failed upload left an object behind"


def _cli(home: Path, *args: str, stdin: str = "", preexec: object = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FLOWFILE_HOME=str(home))
    env.pop("FLOWFILE_MASTER_KEY", None)
    return subprocess.run(
        [str(flowfile_binary()), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
        preexec_fn=preexec,  # type: ignore[arg-type]
    )


def _create(home: Path, name: str, secret: str = "testing-secret-value") -> subprocess.CompletedProcess[str]:
    return _cli(
        home,
        "connections",
        "create",
        name,
        "--auth-method",
        "access_key",
        "--aws-access-key-id",
        "AKIATEST",
        "--aws-region",
        "us-east-1",
        "--secrets-stdin",
        stdin='{"aws_secret_access_key": "' + secret + '"}',
    )


def _names(home: Path) -> list[str]:
    listed = _cli(home, "connections", "list", "--output", "json")
    assert listed.returncode == 0, listed.stderr
    return sorted(c["connection_name"] for c in json.loads(listed.stdout))


def test_a_store_locked_by_another_process_is_a_clear_error(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _create(home, "first").returncode == 0
    lock = sqlite3.connect(home / "flowfile.db", timeout=0)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        refused = _create(home, "second")
    finally:
        lock.rollback()
        lock.close()
    assert refused.returncode == 9, refused.stderr  # unavailable
    assert "The store is busy" in refused.stderr and "Try again" in refused.stderr, refused.stderr
    assert _names(home) == ["first"]
    assert _create(home, "second").returncode == 0
    assert _names(home) == ["first", "second"]


def _limit_file_size(limit: int) -> object:
    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG from write(), as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_full_disk_is_a_clear_error_and_loses_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _create(home, "kept").returncode == 0
    size = sum(p.stat().st_size for p in home.iterdir() if p.is_file())
    full = _cli(
        home,
        "connections",
        "create",
        "big",
        "--auth-method",
        "access_key",
        "--aws-access-key-id",
        "A" * 100,
        "--aws-region",
        "us-east-1",
        "--secrets-stdin",
        stdin='{"aws_secret_access_key": "' + "x" * 200_000 + '"}',
        preexec=_limit_file_size(max(size, 64 * 1024)),
    )
    assert full.returncode == 9, full.stderr  # unavailable
    assert "the disk may be full" in full.stderr and "nothing was changed" in full.stderr, full.stderr
    assert _names(home) == ["kept"]
    tested = _cli(home, "connections", "show", "kept", "--output", "json")
    assert tested.returncode == 0, tested.stderr


@pytest.fixture
def read_only_home(tmp_path: Path) -> Iterator[tuple[Path, object, object]]:
    """A data directory that can be made read-only and writable again.

    A tmpfs remounted read-only when running as root (whom file modes do not
    stop), else file modes.
    """
    home = tmp_path / "home"
    home.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "flowfile-test", str(home)], check=True)

        def freeze() -> None:
            subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True)

        def thaw() -> None:
            subprocess.run(["mount", "-o", "remount,rw", str(home)], check=True)
    else:

        def freeze() -> None:
            for path in home.iterdir():
                path.chmod(0o400)
            home.chmod(0o500)

        def thaw() -> None:
            home.chmod(0o700)
            for path in home.iterdir():
                path.chmod(0o600)

    try:
        yield home, freeze, thaw
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", str(home)], check=True)
        else:
            thaw()


def test_a_read_only_store_is_a_clear_error_and_loses_nothing(read_only_home: tuple[Path, object, object]) -> None:
    home, freeze, thaw = read_only_home
    assert _create(home, "kept").returncode == 0
    freeze()  # type: ignore[operator]
    try:
        refused = _create(home, "second")
        assert refused.returncode == 5, refused.stderr  # access denied
        assert "cannot be written" in refused.stderr and "Nothing was changed" in refused.stderr, refused.stderr
    finally:
        thaw()  # type: ignore[operator]
    assert _names(home) == ["kept"]
    assert _create(home, "second").returncode == 0
    assert _names(home) == ["kept", "second"]


def test_killed_writers_and_rotations_leave_every_secret_readable(tmp_path: Path) -> None:
    """SIGKILL at moments spread over a create's and a key rotation's run; then every stored secret opens.

    A killed create leaves its connection whole or absent, never a row
    without its secret; a killed rotation leaves every secret under a key
    still on disk.
    """
    home = tmp_path / "home"
    for index in range(5):
        assert _create(home, f"c{index}", secret=f"secret-{index}-value").returncode == 0
    env = dict(os.environ, FLOWFILE_HOME=str(home))
    env.pop("FLOWFILE_MASTER_KEY", None)
    started = time.monotonic()
    assert _create(home, "timed").returncode == 0
    run_seconds = time.monotonic() - started  # how long one command takes here, startup included
    killed = {"create": 0, "rotate": 0}
    attempts = 24
    for attempt in range(attempts):
        creating = attempt % 2 == 1
        args = ["keys", "rotate"]
        if creating:
            args = [
                "connections",
                "create",
                f"k{attempt}",
                "--auth-method",
                "access_key",
                "--aws-access-key-id",
                "AKIATEST",
                "--aws-region",
                "us-east-1",
                "--secrets-stdin",
            ]
        process = subprocess.Popen(
            [str(flowfile_binary()), *args],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert process.stdin is not None
        process.stdin.write('{"aws_secret_access_key": "killed-' + str(attempt) + '-value"}' if creating else "")
        process.stdin.close()
        time.sleep(run_seconds * 1.2 * attempt / attempts)
        process.send_signal(signal.SIGKILL)
        if process.wait(timeout=30) == -signal.SIGKILL:
            killed["create" if creating else "rotate"] += 1
    assert killed["create"] > 0 and killed["rotate"] > 0, f"no command was cut short: {killed}"
    status = _cli(home, "keys", "status", "--output", "json")
    assert status.returncode == 0, status.stderr
    # Reading every secret: a rotation re-encrypts them all, so it fails on any that does not open.
    rotated = _cli(home, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    names = _names(home)
    assert [n for n in names if not n.startswith("k")] == [*(f"c{index}" for index in range(5)), "timed"]
    assert all(name[1:].isdigit() and int(name[1:]) % 2 == 1 for name in names if name.startswith("k")), names
    # One secret per connection: no create left a connection without its secret.
    status = _cli(home, "keys", "status", "--output", "json")
    assert sum(v["secrets"] for v in json.loads(status.stdout)["versions"]) == len(names), status.stdout
