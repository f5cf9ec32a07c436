"""A Delta table's versions through a stored connection, on the S3 emulator.

Time travel by timestamp, the change data feed, the table's history (Python,
the server's data API and the CLI), and bad input that leaves the table as
it was. Cross-checked with PyPI's deltalake on the same table.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import deltalake
import pyarrow as pa
import pytest

import flowfile as ff
from conftest import Server, assert_exception_is_clean, emulator_connection, flowfile_binary, use_server
from test_delta import TABLE, sorted_rows, storage_options


def now() -> datetime:
    return datetime.now(UTC)


def test_a_time_reads_the_version_committed_at_or_before_it(lake: str, bucket: str) -> None:
    uri = f"s3://{bucket}/travel"
    before_first = now() - timedelta(seconds=5)
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake)
    time.sleep(1.5)
    between = now()
    time.sleep(1.5)
    ff.write_to_cloud_storage(TABLE.slice(0, 1), uri, file_format="delta", connection_name=lake, write_mode="append")

    at_between = ff.scan_delta(uri, connection_name=lake, version=between)
    assert at_between.to_arrow().num_rows == 4
    assert "(version 0)" in at_between.explain()  # the time was resolved once, to a fixed version
    as_text = between.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert ff.scan_delta(uri, connection_name=lake, version=as_text).to_arrow().num_rows == 4
    naive = between.replace(tzinfo=None)  # naive means UTC
    assert ff.scan_delta(uri, connection_name=lake, version=naive).to_arrow().num_rows == 4
    assert ff.scan_delta(uri, connection_name=lake, version=now()).to_arrow().num_rows == 5

    with pytest.raises(ff.InvalidArgumentError, match="no version committed at or before") as early:
        ff.scan_delta(uri, connection_name=lake, version=before_first)
    assert early.value.field == "timestamp"
    with pytest.raises(ff.InvalidArgumentError, match="ISO 8601") as garbled:
        ff.scan_delta(uri, connection_name=lake, version="last tuesday")
    assert garbled.value.field == "timestamp"


def test_the_change_feed_matches_deltalakes(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/feed"
    options = storage_options(s3_endpoint)
    deltalake.write_deltalake(
        uri, TABLE, storage_options=options, configuration={"delta.enableChangeDataFeed": "true"}
    )  # version 0
    theirs = deltalake.DeltaTable(uri, storage_options=options)
    theirs.update(predicate="id = 2", updates={"score": "9.5"})  # version 1
    theirs.delete("id = 3")  # version 2

    def changes(table: Any) -> list[tuple[Any, ...]]:
        rows = pa.table(table).select(["id", "score", "_change_type", "_commit_version"]).to_pylist()
        return sorted(tuple(row.values()) for row in rows)

    ours = ff.scan_delta(uri, connection_name=lake, changes_since=1, include_change_preimage=True).to_arrow()
    reference = pa.table(theirs.load_cdf(starting_version=1).read_all())
    assert changes(ours) == changes(reference)
    assert {"_change_type", "_commit_version", "_commit_timestamp"} <= set(ours.column_names)

    without = ff.scan_delta(uri, connection_name=lake, changes_since=1).to_arrow()
    kinds = sorted(without.column("_change_type").to_pylist())
    assert kinds == ["delete", "update_postimage"]
    inserts = ff.scan_delta(uri, connection_name=lake, changes_since=0, version=0).select("id", "_change_type")
    assert sorted(inserts.to_arrow().column("id").to_pylist()) == [1, 2, 3, 4]
    assert set(inserts.to_arrow().column("_change_type").to_pylist()) == {"insert"}
    deleted = ff.scan_delta(uri, connection_name=lake, changes_since=1).filter(ff.col("_change_type") == "delete")
    assert deleted.select("id").to_arrow().column("id").to_pylist() == [3]


def test_a_change_feed_needs_the_table_to_record_it(lake: str, bucket: str, canary: str) -> None:
    uri = f"s3://{bucket}/plain"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake)
    with pytest.raises(ff.InvalidArgumentError, match="enableChangeDataFeed") as unrecorded:
        ff.scan_delta(uri, connection_name=lake, changes_since=0).to_arrow()
    with pytest.raises(ff.InvalidArgumentError, match="changes_since 4") as later:
        ff.scan_delta(uri, connection_name=lake, changes_since=4)
    assert later.value.field == "changes_since"
    for error in (unrecorded.value, later.value):
        assert_exception_is_clean(error, canary)


def test_history_lists_each_commit_as_deltalake_does(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/history"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake, partition_by=["city"])
    ff.write_to_cloud_storage(TABLE.slice(0, 1), uri, file_format="delta", connection_name=lake, write_mode="append")
    ff.write_to_cloud_storage(TABLE.slice(3, 1), uri, file_format="delta", connection_name=lake)

    history = ff.delta_history(uri, connection_name=lake)
    assert [entry["version"] for entry in history] == [2, 1, 0]
    assert [entry["files_added"] for entry in history] == [1, 1, 3]  # one file per city
    assert [entry["rows_added"] for entry in history] == [1, 1, 4]
    assert history[0]["files_removed"] == 4 and history[1]["files_removed"] == 0
    assert history[0]["timestamp"] >= history[1]["timestamp"] >= history[2]["timestamp"]
    assert abs(history[0]["timestamp"] / 1000 - time.time()) < 120

    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint)).history()
    assert [entry["version"] for entry in theirs] == [2, 1, 0]
    assert [entry["operation"] for entry in history] == [entry["operation"] for entry in theirs]
    assert [entry["version"] for entry in ff.delta_history(uri, connection_name=lake, limit=2)] == [2, 1]


def test_history_of_a_table_deltalake_wrote(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/their-history"
    options = storage_options(s3_endpoint)
    deltalake.write_deltalake(uri, TABLE, storage_options=options)
    deltalake.DeltaTable(uri, storage_options=options).delete("id = 1")
    history = ff.delta_history(uri, connection_name=lake)
    theirs = deltalake.DeltaTable(uri, storage_options=options).history()
    assert [(entry["version"], entry["operation"]) for entry in history] == [
        (entry["version"], entry["operation"]) for entry in theirs
    ]
    assert history[0]["operation"] == "DELETE"
    assert history[1]["rows_added"] == 4


def test_history_of_a_folder_that_is_not_a_table(lake: str, bucket: str, canary: str) -> None:
    with pytest.raises(ff.PathNotFoundError, match="not a Delta table") as missing:
        ff.delta_history(f"s3://{bucket}/nothing", connection_name=lake)
    assert_exception_is_clean(missing.value, canary)
    with pytest.raises(ff.InvalidArgumentError, match="limit"):
        ff.delta_history(f"s3://{bucket}/nothing", connection_name=lake, limit=0)


def test_bad_writes_leave_the_table_at_its_version(lake: str, bucket: str, s3_endpoint: str, canary: str) -> None:
    uri = f"s3://{bucket}/kept"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake, partition_by=["city"])
    errors: list[BaseException] = []
    with pytest.raises(ff.InvalidArgumentError, match="schema") as wider:
        extra = TABLE.append_column("extra", pa.array([1, 2, 3, 4]))
        ff.write_to_cloud_storage(extra, uri, file_format="delta", connection_name=lake, write_mode="append")
    errors.append(wider.value)
    with pytest.raises(ff.InvalidArgumentError, match="schema") as retyped:
        other = TABLE.set_column(0, "id", pa.array(["1", "2", "3", "4"]))
        ff.write_to_cloud_storage(other, uri, file_format="delta", connection_name=lake, write_mode="overwrite")
    errors.append(retyped.value)
    with pytest.raises(ff.InvalidArgumentError, match="partition column 'nope'") as partition:
        ff.write_to_cloud_storage(
            TABLE, uri, file_format="delta", connection_name=lake, write_mode="append", partition_by=["nope"]
        )
    errors.append(partition.value)
    with pytest.raises(ff.InvalidArgumentError, match="partitioned by") as repartition:
        ff.write_to_cloud_storage(
            TABLE, uri, file_format="delta", connection_name=lake, write_mode="append", partition_by=["id"]
        )
    errors.append(repartition.value)
    with pytest.raises(ff.InvalidArgumentError, match="version 1 ") as version:
        ff.scan_delta(uri, connection_name=lake, version=1)
    errors.append(version.value)
    with pytest.raises(ff.InvalidArgumentError) as negative:
        ff.scan_delta(uri, connection_name=lake, version=-1)
    errors.append(negative.value)

    assert [entry["version"] for entry in ff.delta_history(uri, connection_name=lake)] == [0]
    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))
    assert theirs.version() == 0
    assert sorted_rows(theirs.to_pyarrow_table()) == sorted_rows(TABLE)
    for error in errors:
        assert_exception_is_clean(error, canary)


def test_the_server_and_the_cli_list_the_history(
    lake: str,
    bucket: str,
    s3_endpoint: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    canary: str,
) -> None:
    uri = f"s3://{bucket}/served"
    deltalake.write_deltalake(uri, TABLE, storage_options=storage_options(s3_endpoint))
    deltalake.write_deltalake(uri, TABLE.slice(0, 2), mode="append", storage_options=storage_options(s3_endpoint))

    # The CLI, on the test's own store (FLOWFILE_HOME) where `lake` is.
    result = subprocess.run(
        [str(flowfile_binary()), "delta", "history", uri, "-c", lake, "--output", "json"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [(entry["version"], entry["rows_added"]) for entry in listed] == [(1, 2), (0, 4)]
    missing = subprocess.run(
        [str(flowfile_binary()), "delta", "history", f"s3://{bucket}/none", "-c", lake],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
    )
    assert missing.returncode != 0 and "not a Delta table" in missing.stderr
    assert canary not in missing.stderr + missing.stdout

    # Server mode: Python asks the server's data API, as alice with her own connection.
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection("served-lake", s3_endpoint, canary))
    served = ff.delta_history(uri, connection_name="served-lake", limit=1)
    assert [(entry["version"], entry["rows_added"], entry["files_added"]) for entry in served] == [(1, 2, 1)]
    assert set(served[0]) == {
        "version",
        "timestamp",
        "operation",
        "rows_added",
        "rows_removed",
        "files_added",
        "files_removed",
    }
    between = datetime.fromtimestamp((listed[0]["timestamp"] + listed[1]["timestamp"]) / 2000, UTC)
    assert ff.scan_delta(uri, connection_name="served-lake", version=between).to_arrow().num_rows in (4, 6)
    assert ff.scan_delta(uri, connection_name="served-lake", version=now()).to_arrow().num_rows == 6
    with pytest.raises(ff.InvalidArgumentError, match="no version committed") as early:
        ff.scan_delta(uri, connection_name="served-lake", version="2000-01-01")
    assert early.value.field == "timestamp"
    with pytest.raises(ff.PathNotFoundError) as absent:
        ff.delta_history(f"s3://{bucket}/none", connection_name="served-lake")
    for error in (early.value, absent.value):
        assert_exception_is_clean(error, canary)
