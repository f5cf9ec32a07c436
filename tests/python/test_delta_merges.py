"""Delta merges by key (upsert, update, delete) and track_changes, on the S3 emulator.

Each result is read back by PyPI's deltalake and by polars; bad input is a
typed error that leaves the table at its version (deltalake says which) and
holds no secret.
"""

from __future__ import annotations

from typing import Any

import deltalake
import polars as pl
import pyarrow as pa
import pytest

import flowfile as ff
from conftest import Server, assert_exception_is_clean, emulator_connection, use_server
from test_delta import TABLE, sorted_rows, storage_options

CHANGES = pa.table({"id": [3, 5], "city": ["Rome", "Kyiv"], "score": [30.0, 50.0]})


def write(data: pa.Table, uri: str, lake: str, **options: Any) -> ff.WriteResult:
    return ff.write_to_cloud_storage(data, uri, file_format="delta", connection_name=lake, **options)


def theirs(uri: str, s3_endpoint: str) -> deltalake.DeltaTable:
    return deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))


def by_id(rows: Any) -> dict[int, tuple[str, float]]:
    listed = rows.to_dicts() if isinstance(rows, pl.DataFrame) else pa.table(rows).to_pylist()
    return {row["id"]: (row["city"], row["score"]) for row in listed}


def assert_everyone_reads(uri: str, lake: str, s3_endpoint: str, expected: dict[int, tuple[str, float]]) -> None:
    assert by_id(ff.scan_delta(uri, connection_name=lake).to_arrow()) == expected
    assert by_id(theirs(uri, s3_endpoint).to_pyarrow_table()) == expected
    assert by_id(pl.read_delta(uri, storage_options=storage_options(s3_endpoint))) == expected


def test_upsert_replaces_matching_rows_and_inserts_the_others(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/upsert"
    write(TABLE, uri, lake)
    result = write(CHANGES, uri, lake, write_mode="upsert", merge_keys=["id"])
    assert (result.version, result.rows) == (1, 2)
    expected = {1: ("Oslo", 1.5), 2: ("Lima", 2.5), 3: ("Rome", 30.0), 4: ("Oslo", 4.5), 5: ("Kyiv", 50.0)}
    assert_everyone_reads(uri, lake, s3_endpoint, expected)
    assert theirs(uri, s3_endpoint).history(1)[0]["operation"] == "MERGE"
    # The version before the merge is still there, whole.
    assert sorted_rows(ff.scan_delta(uri, connection_name=lake, version=0).to_arrow()) == sorted_rows(TABLE)


def test_update_replaces_matching_rows_only(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri, source = f"s3://{bucket}/update", f"s3://{bucket}/changes"
    write(TABLE, uri, lake)
    write(CHANGES, source, lake)
    # A frame's own write_delta: the changes read from another table.
    changes = ff.scan_delta(source, connection_name=lake)
    result = changes.write_delta(uri, lake, write_mode="update", merge_keys=["id"])
    assert (result.version, result.rows) == (1, 1)  # id 5 is not in the table: not inserted
    expected = {1: ("Oslo", 1.5), 2: ("Lima", 2.5), 3: ("Rome", 30.0), 4: ("Oslo", 4.5)}
    assert_everyone_reads(uri, lake, s3_endpoint, expected)
    assert theirs(uri, s3_endpoint).history(1)[0]["operation"] == "UPDATE"


def test_delete_removes_the_rows_whose_keys_are_given(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/delete"
    write(TABLE, uri, lake)
    keys = pa.table({"id": [1, 4, 99], "city": ["", "", ""], "score": [0.0, 0.0, 0.0]})
    result = write(keys, uri, lake, write_mode="delete", merge_keys=["id"])
    assert (result.version, result.rows) == (1, 2)  # the rows removed
    assert_everyone_reads(uri, lake, s3_endpoint, {2: ("Lima", 2.5), 3: ("Pune", 3.5)})
    assert theirs(uri, s3_endpoint).history(1)[0]["operation"] == "DELETE"


def test_a_merge_with_no_match_commits_nothing(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/nomatch"
    write(TABLE, uri, lake)
    result = write(CHANGES.slice(1), uri, lake, write_mode="update", merge_keys=["id"])
    assert (result.version, result.rows) == (0, 0)
    assert theirs(uri, s3_endpoint).version() == 0


def test_merges_on_a_partitioned_table_rewrite_only_the_files_that_match(
    lake: str, bucket: str, s3_endpoint: str
) -> None:
    uri = f"s3://{bucket}/parts"
    write(TABLE, uri, lake, partition_by=["city"])  # Oslo (ids 1, 4), Lima, Pune: 3 files
    moved = pa.table({"id": [1, 6], "city": ["Lima", "Oslo"], "score": [10.0, 60.0]})
    write(moved, uri, lake, write_mode="upsert", merge_keys=["id"])
    expected = {1: ("Lima", 10.0), 2: ("Lima", 2.5), 3: ("Pune", 3.5), 4: ("Oslo", 4.5), 6: ("Oslo", 60.0)}
    assert_everyone_reads(uri, lake, s3_endpoint, expected)
    latest = ff.delta_history(uri, connection_name=lake, limit=1)[0]
    # Only Oslo's file held a key: it is removed, its other row (id 4) written again.
    assert (latest["files_removed"], latest["rows_removed"]) == (1, 2)
    assert latest["rows_added"] == 3  # id 4 kept, ids 1 and 6 from the data
    oslo = theirs(uri, s3_endpoint).to_pyarrow_table(filters=[("city", "=", "Oslo")])
    assert sorted(oslo.column("id").to_pylist()) == [4, 6]
    # A table deltalake partitioned and merged by us reads the same for it.
    write(moved.slice(0, 1), uri, lake, write_mode="delete", merge_keys=["id", "city"])
    assert sorted(theirs(uri, s3_endpoint).to_pyarrow_table().column("id").to_pylist()) == [2, 3, 4, 6]


def test_merges_into_a_table_deltalake_wrote(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/their-table"
    options = storage_options(s3_endpoint)
    deltalake.write_deltalake(uri, TABLE, storage_options=options)
    deltalake.write_deltalake(
        uri, TABLE.slice(0, 1).set_column(0, "id", pa.array([7])), mode="append", storage_options=options
    )
    write(CHANGES, uri, lake, write_mode="upsert", merge_keys=["id"])
    table = theirs(uri, s3_endpoint)
    assert table.version() == 2
    assert by_id(table.to_pyarrow_table()) == {
        1: ("Oslo", 1.5),
        2: ("Lima", 2.5),
        3: ("Rome", 30.0),
        4: ("Oslo", 4.5),
        5: ("Kyiv", 50.0),
        7: ("Oslo", 1.5),
    }


def test_upsert_creates_a_missing_table(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/fresh"
    result = write(CHANGES, uri, lake, write_mode="upsert", merge_keys=["id"])
    assert result.version == 0
    assert_everyone_reads(uri, lake, s3_endpoint, {3: ("Rome", 30.0), 5: ("Kyiv", 50.0)})


def test_bad_merges_are_typed_errors_and_leave_the_table(lake: str, bucket: str, s3_endpoint: str, canary: str) -> None:
    uri = f"s3://{bucket}/guarded"
    write(TABLE, uri, lake)
    errors: list[BaseException] = []

    def refused(error_type: type[BaseException], match: str, data: pa.Table, **options: Any) -> Any:
        with pytest.raises(error_type, match=match) as caught:
            write(data, uri, lake, **options)
        errors.append(caught.value)
        return caught.value

    assert refused(ff.InvalidArgumentError, "merge_keys", CHANGES, write_mode="upsert").field == "merge_keys"
    assert refused(ff.InvalidArgumentError, "merge_keys", CHANGES, merge_keys=["id"]).field == "merge_keys"
    refused(
        ff.InvalidArgumentError,
        "merge key 'nope' is not a column of the data",
        CHANGES,
        write_mode="upsert",
        merge_keys=["nope"],
    )
    wider = CHANGES.append_column("extra", pa.array([1, 2]))
    refused(
        ff.InvalidArgumentError,
        "merge key 'extra' is not a column of the table",
        wider,
        write_mode="update",
        merge_keys=["extra"],
    )
    refused(ff.InvalidArgumentError, "schema", wider, write_mode="upsert", merge_keys=["id"])
    twice = pa.table({"id": [3, 3], "city": ["a", "b"], "score": [1.0, 2.0]})
    refused(ff.InvalidArgumentError, "more than once|repeat", twice, write_mode="upsert", merge_keys=["id"])
    refused(
        ff.InvalidArgumentError,
        "partitioned by",
        CHANGES,
        write_mode="upsert",
        merge_keys=["id"],
        partition_by=["city"],
    )
    missing = f"s3://{bucket}/none"
    with pytest.raises(ff.PathNotFoundError, match="not a Delta table") as absent:
        write(CHANGES, missing, lake, write_mode="delete", merge_keys=["id"])
    errors.append(absent.value)

    assert theirs(uri, s3_endpoint).version() == 0
    assert sorted_rows(theirs(uri, s3_endpoint).to_pyarrow_table()) == sorted_rows(TABLE)
    for error in errors:
        assert_exception_is_clean(error, canary)


def test_track_changes_records_the_feed_of_a_new_table(lake: str, bucket: str, s3_endpoint: str, canary: str) -> None:
    uri = f"s3://{bucket}/tracked"
    write(TABLE, uri, lake, write_mode="append", track_changes=True)
    write(CHANGES, uri, lake, write_mode="append")
    table = theirs(uri, s3_endpoint)
    assert table.metadata().configuration.get("delta.enableChangeDataFeed") == "true"
    reference = pa.table(table.load_cdf(starting_version=1).read_all())
    ours = ff.scan_delta(uri, connection_name=lake, changes_since=1).to_arrow()
    assert sorted(ours.column("id").to_pylist()) == sorted(reference.column("id").to_pylist()) == [3, 5]
    assert set(ours.column("_change_type").to_pylist()) == {"insert"}

    # A merge would need change data files, which the library cannot write: refused before any file is.
    with pytest.raises(ff.InvalidArgumentError, match="change data files") as merge:
        write(CHANGES, uri, lake, write_mode="upsert", merge_keys=["id"])
    with pytest.raises(ff.InvalidArgumentError, match="change data files") as overwrite:
        write(CHANGES, uri, lake)
    with pytest.raises(ff.InvalidArgumentError, match="track_changes") as with_overwrite:
        write(TABLE, f"s3://{bucket}/other", lake, track_changes=True)
    assert with_overwrite.value.field == "track_changes"
    plain = f"s3://{bucket}/plain"
    write(TABLE, plain, lake)
    with pytest.raises(ff.InvalidArgumentError, match="when a table is created") as later:
        write(CHANGES, plain, lake, write_mode="append", track_changes=True)
    assert theirs(uri, s3_endpoint).version() == 1 and theirs(plain, s3_endpoint).version() == 0
    for error in (merge.value, overwrite.value, with_overwrite.value, later.value):
        assert_exception_is_clean(error, canary)


def test_storage_errors_of_a_merge_hold_no_secret(bucket: str, canary: str) -> None:
    # Nothing listens there: the library's own error text comes back, masked.
    ff.create_cloud_storage_connection(emulator_connection("dead", "http://127.0.0.1:9", canary))
    for mode in ("upsert", "update", "delete"):
        with pytest.raises(ff.FlowfileError) as failed:
            write(CHANGES, f"s3://{bucket}/t", "dead", write_mode=mode, merge_keys=["id"])
        assert_exception_is_clean(failed.value, canary)


def test_server_mode_merges_through_the_data_api(
    lake: str,
    bucket: str,
    s3_endpoint: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    canary: str,
) -> None:
    uri = f"s3://{bucket}/served"
    deltalake.write_deltalake(uri, TABLE, partition_by=["city"], storage_options=storage_options(s3_endpoint))
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection("served-lake", s3_endpoint, canary))
    result = write(CHANGES, uri, "served-lake", write_mode="upsert", merge_keys=["id"])
    assert (result.version, result.rows) == (1, 2)
    assert by_id(theirs(uri, s3_endpoint).to_pyarrow_table())[3] == ("Rome", 30.0)
    with pytest.raises(ff.InvalidArgumentError, match="merge key 'nope'") as bad:
        write(CHANGES, uri, "served-lake", write_mode="delete", merge_keys=["nope"])
    assert_exception_is_clean(bad.value, canary)
    assert theirs(uri, s3_endpoint).version() == 1
