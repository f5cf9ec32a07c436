"""Delta Lake tables through a stored connection, on the S3 emulator.

Cross-checked with independent readers and writers: tables we write are read
by PyPI's deltalake and by polars; tables deltalake writes are read by us.
Every failing path is checked for the connection's canary secret.
"""

from __future__ import annotations

from typing import Any

import deltalake
import polars as pl
import pyarrow as pa
import pytest

import flowfile as ff
from conftest import S3_REGION, assert_exception_is_clean

TABLE = pa.table({"id": [1, 2, 3, 4], "city": ["Oslo", "Lima", "Pune", "Oslo"], "score": [1.5, 2.5, 3.5, 4.5]})


def storage_options(s3_endpoint: str) -> dict[str, str]:
    """How deltalake and polars reach the emulator (moto takes any key)."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": S3_REGION,
        "AWS_ENDPOINT_URL": s3_endpoint,
        "AWS_ALLOW_HTTP": "true",
        "AWS_S3_ALLOW_UNSAFE_RENAME": "true",
    }


def sorted_rows(table: Any) -> list[dict[str, Any]]:
    rows = pa.table(table).to_pylist() if not isinstance(table, list) else table
    return sorted(rows, key=lambda row: tuple(str(row[k]) for k in sorted(row)))


def test_a_table_we_write_is_read_by_us_deltalake_and_polars(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/tables/cities"
    result = ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake)
    assert (result.rows, result.version) == (4, 0)

    ours = ff.scan_delta(uri, connection_name=lake).to_arrow()
    assert sorted_rows(ours) == sorted_rows(TABLE)
    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))
    assert theirs.version() == 0
    assert sorted_rows(theirs.to_pyarrow_table()) == sorted_rows(TABLE)
    polars_rows = pl.read_delta(uri, storage_options=storage_options(s3_endpoint)).to_dicts()
    assert sorted_rows(polars_rows) == sorted_rows(TABLE)


def test_append_overwrite_and_time_travel(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/t"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake)
    appended = ff.write_to_cloud_storage(
        TABLE.slice(0, 1), uri, file_format="delta", connection_name=lake, write_mode="append"
    )
    assert appended.version == 1
    overwritten = ff.write_to_cloud_storage(
        TABLE.slice(3, 1), uri, file_format="delta", connection_name=lake, write_mode="overwrite"
    )
    assert overwritten.version == 2

    assert ff.scan_delta(uri, connection_name=lake).to_arrow().column("id").to_pylist() == [4]
    assert ff.scan_delta(uri, connection_name=lake, version=1).to_arrow().num_rows == 5
    assert ff.scan_delta(uri, connection_name=lake, version=0).to_arrow().num_rows == 4
    via_format = ff.read_from_cloud_storage(uri, file_format="delta", connection_name=lake, delta_version=1)
    assert via_format.to_arrow().num_rows == 5
    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))
    assert theirs.version() == 2
    assert theirs.history()[0]["operation"] == "WRITE"
    theirs.load_as_version(1)
    assert theirs.to_pyarrow_table().num_rows == 5


def test_a_partitioned_table_we_write_is_partitioned_for_deltalake(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/by-city"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake, partition_by=["city"])
    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))
    assert theirs.metadata().partition_columns == ["city"]
    assert sorted_rows(theirs.to_pyarrow_table()) == sorted_rows(TABLE)
    files = theirs.file_uris()
    assert any("city=Oslo/" in f for f in files) and any("city=Pune/" in f for f in files)
    # Ours: the partition column comes back as a column, and filters on it keep exact rows.
    oslo = ff.scan_delta(uri, connection_name=lake).filter(ff.col("city") == "Oslo").select("id").to_arrow()
    assert sorted(oslo.column("id").to_pylist()) == [1, 4]


def test_a_table_deltalake_writes_is_read_by_us(lake: str, bucket: str, s3_endpoint: str) -> None:
    uri = f"s3://{bucket}/theirs"
    options = storage_options(s3_endpoint)
    deltalake.write_deltalake(uri, TABLE, partition_by=["city"], storage_options=options)
    deltalake.write_deltalake(uri, TABLE.slice(0, 2), mode="append", partition_by=["city"], storage_options=options)

    latest = ff.scan_delta(uri, connection_name=lake)
    assert latest.to_arrow().num_rows == 6
    assert set(latest.to_arrow().column_names) == {"id", "city", "score"}
    assert ff.scan_delta(uri, connection_name=lake, version=0).to_arrow().num_rows == 4
    projected = ff.scan_delta(uri, connection_name=lake).select("score", "city").to_arrow()
    assert projected.column_names == ["score", "city"]
    lima = ff.scan_delta(uri, connection_name=lake).filter(ff.col("city") == "Lima").to_arrow()
    assert lima.column("id").to_pylist() == [2, 2]
    big = ff.scan_delta(uri, connection_name=lake).filter(ff.col("score") > 3.0).to_arrow()
    assert sorted(big.column("id").to_pylist()) == [3, 4]
    assert ff.scan_delta(uri, connection_name=lake).head(3).to_arrow().num_rows == 3


def test_bad_input_is_a_typed_error_and_leaves_the_table(lake: str, bucket: str, s3_endpoint: str, canary: str) -> None:
    uri = f"s3://{bucket}/guarded"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake)
    errors: list[BaseException] = []

    with pytest.raises(ff.ConnectionExistsError) as exists:  # kAlreadyExists
        ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=lake, write_mode="error")
    errors.append(exists.value)
    with pytest.raises(ff.InvalidArgumentError, match="schema") as mismatch:
        other = pa.table({"id": ["a"], "name": ["b"]})
        ff.write_to_cloud_storage(other, uri, file_format="delta", connection_name=lake, write_mode="append")
    errors.append(mismatch.value)
    with pytest.raises(ff.InvalidArgumentError, match="version 7") as version:
        ff.scan_delta(uri, connection_name=lake, version=7)
    assert version.value.field == "version"
    errors.append(version.value)
    with pytest.raises(ff.InvalidArgumentError, match="partition column 'nope'") as partition:
        ff.write_to_cloud_storage(
            TABLE, f"s3://{bucket}/new", file_format="delta", connection_name=lake, partition_by=["nope"]
        )
    errors.append(partition.value)
    with pytest.raises(ff.PathNotFoundError, match="not a Delta table") as missing:
        ff.scan_delta(f"s3://{bucket}/new", connection_name=lake)
    errors.append(missing.value)

    theirs = deltalake.DeltaTable(uri, storage_options=storage_options(s3_endpoint))
    assert theirs.version() == 0
    assert sorted_rows(theirs.to_pyarrow_table()) == sorted_rows(TABLE)
    for error in errors:
        assert_exception_is_clean(error, canary)


def test_storage_errors_of_the_table_library_hold_no_secret(bucket: str, canary: str) -> None:
    from conftest import emulator_connection

    # Nothing listens there: the library's own error text comes back, masked.
    ff.create_cloud_storage_connection(emulator_connection("dead", "http://127.0.0.1:9", canary))
    with pytest.raises(ff.FlowfileError) as failed:
        ff.scan_delta(f"s3://{bucket}/t", connection_name="dead")
    assert_exception_is_clean(failed.value, canary)
    with pytest.raises(ff.FlowfileError) as failed_write:
        ff.write_to_cloud_storage(TABLE, f"s3://{bucket}/t", file_format="delta", connection_name="dead")
    assert_exception_is_clean(failed_write.value, canary)


def test_the_cli_reads_a_delta_table(lake: str, bucket: str, s3_endpoint: str, flowfile_home: Any) -> None:
    import json
    import os
    import subprocess

    from conftest import flowfile_binary

    uri = f"s3://{bucket}/cli"
    deltalake.write_deltalake(uri, TABLE, storage_options=storage_options(s3_endpoint))
    deltalake.write_deltalake(uri, TABLE.slice(0, 1), mode="append", storage_options=storage_options(s3_endpoint))

    def cli(*args: str) -> str:
        result = subprocess.run(
            [str(flowfile_binary()), *args], capture_output=True, text=True, env=dict(os.environ), timeout=120
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    rows = json.loads(cli("head", uri, "--format", "delta", "-c", lake, "-n", "10", "--output", "json"))
    assert len(rows) == 5
    old = json.loads(cli("head", uri, "--format", "delta", "--delta-version", "0", "-c", lake, "--output", "json"))
    assert len(old) == 4
    schema = json.loads(cli("schema", uri, "--format", "delta", "-c", lake, "--output", "json"))
    assert [column["name"] for column in schema] == ["id", "city", "score"]
    csv = cli("cat", uri, "--format", "delta", "-c", lake, "--columns", "city", "--to", "csv")
    assert csv.splitlines()[0].strip('"') == "city" and len(csv.splitlines()) == 6
