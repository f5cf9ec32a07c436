"""Flowfile's own tests of its cloud storage readers and writers, ported to this package.

Each test names the upstream test it ports (github Edwardvaneechoud/Flowfile,
the tests of the registry's flowfile 0.23.3). Assertions are kept; fixtures
change: MinIO's "minio-flowframe-test" connection and test buckets become the
"data-lake" connection to the S3 emulator (conftest.lake) and a fresh bucket,
Flowfile's FlowFrame({...}) data becomes a Parquet file read back through
ff.scan_parquet_from_cloud_storage, and FlowDataEngine results become frames.
"""

from __future__ import annotations

import inspect
import io
import json
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

import flowfile as ff

PEOPLE = {
    "id": [1, 2, 3],
    "name": ["Alice", "Bob", "Charlie"],
    "age": [25, 30, 35],
    "city": ["New York", "Los Angeles", "Chicago"],
}


def put_table(s3_client: Any, bucket: str, key: str, data: dict[str, list[Any]]) -> str:
    buffer = io.BytesIO()
    pq.write_table(pa.table(data), buffer)
    s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
    return f"s3://{bucket}/{key}"


@pytest.fixture
def df(lake: str, bucket: str, s3_client: Any) -> ff.LazyFrame:
    """flowfile_frame/tests/test_flow_frame.py's df fixture, read from the emulator."""
    return ff.scan_parquet_from_cloud_storage(
        put_table(s3_client, bucket, "people.parquet", PEOPLE), connection_name=lake
    )


def frame_of(lake: str, bucket: str, s3_client: Any, data: dict[str, list[Any]]) -> ff.LazyFrame:
    path = put_table(s3_client, bucket, f"input-{uuid.uuid4().hex[:8]}.parquet", data)
    return ff.scan_parquet_from_cloud_storage(path, connection_name=lake)


def config(mode: str, fields: list[tuple[str, str, str | None]], validate: bool = False) -> ff.OutputFieldConfig:
    return ff.OutputFieldConfig(
        enabled=True,
        validation_mode_behavior=mode,  # type: ignore[arg-type]
        fields=[ff.OutputFieldInfo(name=n, data_type=t, default_value=d) for n, t, d in fields],
        validate_data_types=validate,
    )


def read_with(
    lake: str, bucket: str, s3_client: Any, data: dict[str, list[Any]], output: ff.OutputFieldConfig
) -> ff.LazyFrame:
    path = put_table(s3_client, bucket, f"input-{uuid.uuid4().hex[:8]}.parquet", data)
    return ff.scan_parquet_from_cloud_storage(path, connection_name=lake, output_field_config=output)


# --- flowfile_frame/tests/test_flowfile_frame.py -----------------------------


def test_scan_parquet_from_cloud_storage(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports test_flowfile_frame.py::test_scan_parquet_from_cloud_storage (a folder of parquet files).
    for part in ("a", "b"):
        put_table(s3_client, bucket, f"multi-file-parquet/{part}.parquet", PEOPLE)
    source = f"s3://{bucket}/multi-file-parquet/"
    frame = ff.scan_parquet_from_cloud_storage(source, connection_name=lake)
    assert frame.collect().height == 6


def test_scan_csv_from_cloud_storage(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports test_flowfile_frame.py::test_scan_csv_from_cloud_storage.
    for part in ("a", "b"):
        s3_client.put_object(Bucket=bucket, Key=f"multi-file-csv/{part}.csv", Body=b"id,name\n1,x\n2,y\n")
    flow_frame = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/multi-file-csv/", connection_name=lake, delimiter=",")
    assert flow_frame.count().collect().to_dicts() == [{"id": 4, "name": 4}]


def test_scan_json_from_cloud_storage(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports test_flowfile_frame.py::test_scan_json_from_cloud_storage.
    for part in ("a", "b"):
        s3_client.put_object(Bucket=bucket, Key=f"multi-file-json/{part}.json", Body=b'{"id":1}\n{"id":2}\n')
    flow_frame = ff.scan_json_from_cloud_storage(f"s3://{bucket}/multi-file-json/", connection_name=lake)
    assert flow_frame.count().collect().to_dicts() == [{"id": 4}]


def test_scan_delta(lake: str, bucket: str) -> None:
    # Ports test_flowfile_frame.py::test_scan_delta (the table is written here first).
    ff.write_to_cloud_storage(
        pa.table(PEOPLE), f"s3://{bucket}/delta-lake-table", file_format="delta", connection_name=lake
    )
    flow_frame = ff.scan_delta(f"s3://{bucket}/delta-lake-table", connection_name=lake)
    assert flow_frame.count().collect()["id"].to_list() == [3]


def test_cloud_storage_reader_signatures_accept_output_field_config() -> None:
    # Ports test_flowfile_frame.py::test_cloud_storage_reader_signatures_accept_output_field_config.
    config = ff.OutputFieldConfig(
        enabled=True,
        validation_mode_behavior="select_only",
        fields=[
            ff.OutputFieldInfo(name="vbMonth", data_type="String"),
            ff.OutputFieldInfo(name="contracts", data_type="Float64"),
        ],
        validate_data_types=True,
    )
    for fn in (
        ff.scan_parquet_from_cloud_storage,
        ff.scan_csv_from_cloud_storage,
        ff.scan_json_from_cloud_storage,
        ff.scan_delta,
        ff.read_from_cloud_storage,
    ):
        params = inspect.signature(fn).parameters
        assert "output_field_config" in params, f"{fn.__name__} missing output_field_config kwarg"
    assert isinstance(config, ff.OutputFieldConfig)


# --- flowfile_frame/tests/test_flow_frame.py ---------------------------------


@pytest.mark.parametrize("file_format", ["parquet", "csv", "json", "delta"])
def test_write_to_cloud_storage(df: ff.LazyFrame, lake: str, bucket: str, file_format: str) -> None:
    # Ports test_flow_frame.py::test_write_to_cloud_storage over every entry of
    # its FORMAT_CONFIGS (upstream runs only "delta" there; the others are here too).
    write_method = getattr(df, f"write_{file_format}_to_cloud_storage" if file_format != "delta" else "write_delta")
    scan_function = getattr(ff, f"scan_{file_format}_from_cloud_storage" if file_format != "delta" else "scan_delta")
    extension = {"parquet": ".parquet", "csv": ".csv", "json": ".json", "delta": ".delta"}[file_format]
    source = f"s3://{bucket}/flow_frame_{file_format}_output_{uuid.uuid4()}{extension}"
    write_method(source, connection_name=lake)
    new_df = scan_function(source, connection_name=lake)
    assert_frame_equal(df.collect(), new_df.collect(), check_row_order=False)


def test_write_delta_partitioned_to_cloud_storage(df: ff.LazyFrame, lake: str, bucket: str, s3_client: Any) -> None:
    # Ports test_flow_frame.py::test_write_delta_partitioned_to_cloud_storage; the
    # partition columns are read from the table's first commit instead of deltalake.
    source = f"s3://{bucket}/flow_frame_delta_partitioned_{uuid.uuid4()}.delta"
    df.write_delta(source, connection_name=lake, partition_by=["name"])
    new_df = ff.scan_delta(source, connection_name=lake)
    assert_frame_equal(df.collect(), new_df.collect(), check_row_order=False, check_column_order=False)
    key = source.split(f"s3://{bucket}/", 1)[1] + "/_delta_log/00000000000000000000.json"
    commit = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
    metadata = next(json.loads(line)["metaData"] for line in commit.splitlines() if "metaData" in line)
    assert metadata["partitionColumns"] == ["name"]


# --- flowfile_frame/tests/test_cloud_write_partition.py ----------------------


def test_write_to_cloud_storage_accepts_partition_for_delta(df: ff.LazyFrame, lake: str, bucket: str) -> None:
    # Ports test_cloud_write_partition.py's delta case: partition_by reaches the Delta writer.
    result = ff.write_to_cloud_storage(
        df, f"s3://{bucket}/partitioned", file_format="delta", connection_name=lake, partition_by=["city"]
    )
    assert result.rows == 3


# --- flowfile_core/tests/flowfile/flow_node/test_output_field_config.py ------
# The upstream tests apply the config to an engine; here it is a reader's.


def test_select_only_basic_column_selection(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestSelectOnlyMode::test_basic_column_selection.
    output = config("select_only", [("c", "Int64", None), ("a", "Int64", None)], validate=True)
    result = read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": [4, 5, 6], "c": [7, 8, 9]}, output)
    assert result.columns == ["c", "a"]
    assert result.collect().to_dict(as_series=False) == {"c": [7, 8, 9], "a": [1, 2, 3]}


def test_select_only_missing_column_silently_skipped(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestSelectOnlyMode::test_missing_column_silently_skipped.
    output = config("select_only", [("a", "Int64", None), ("c", "Int64", None)])
    assert read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": [4, 5, 6]}, output).columns == ["a"]


def test_add_missing_with_defaults(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingMode::test_add_missing_with_defaults.
    output = config("add_missing", [("a", "Int64", None), ("b", "String", "default"), ("c", "Int64", "0")])
    result = read_with(lake, bucket, s3_client, {"a": [1, 2, 3]}, output).collect()
    assert result.columns == ["a", "b", "c"]
    assert result["a"].to_list() == [1, 2, 3]
    assert result["b"].to_list() == ["default", "default", "default"]
    assert result["c"].to_list() == [0, 0, 0]


def test_add_missing_with_null_defaults_and_type_validation(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingMode::test_add_missing_with_null_defaults_and_type_validation.
    output = config("add_missing", [("a", "Int64", None), ("b", "String", None)], validate=True)
    result = read_with(lake, bucket, s3_client, {"a": [1, 2, 3]}, output).collect()
    assert result.columns == ["a", "b"]
    assert result["b"].to_list() == [None, None, None]


def test_add_missing_removes_extra_columns(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingMode::test_add_missing_removes_extra_columns.
    output = config("add_missing", [("a", "Int64", None), ("d", "Int64", "99")])
    result = read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": [4, 5, 6], "c": [7, 8, 9]}, output)
    assert result.columns == ["a", "d"]
    assert result.collect()["d"].to_list() == [99, 99, 99]


def test_raise_on_missing_success_when_all_columns_present(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestRaiseOnMissingMode::test_success_when_all_columns_present.
    output = config("raise_on_missing", [("a", "Int64", None), ("b", "Int64", None)])
    assert read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": [4, 5, 6]}, output).columns == ["a", "b"]


def test_raise_on_missing_error_when_column_missing(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestRaiseOnMissingMode::test_error_when_column_missing.
    output = config("raise_on_missing", [("a", "Int64", None), ("b", "Int64", None)])
    with pytest.raises(ValueError, match="Missing required columns"):
        read_with(lake, bucket, s3_client, {"a": [1, 2, 3]}, output)


def test_add_missing_keep_extra_adds_missing_columns_keeps_all_existing(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingKeepExtraMode::test_adds_missing_columns_keeps_all_existing.
    output = config("add_missing_keep_extra", [("a", "Int64", None), ("d", "String", "new")])
    result = read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": [4, 5, 6], "c": [7, 8, 9]}, output).collect()
    assert result.columns == ["a", "d", "b", "c"]
    assert result["d"].to_list() == ["new", "new", "new"]
    assert result["a"].to_list() == [1, 2, 3]
    assert result["b"].to_list() == [4, 5, 6]
    assert result["c"].to_list() == [7, 8, 9]


def test_add_missing_keep_extra_keeps_extra_columns_in_original_order(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingKeepExtraMode::test_keeps_extra_columns_in_original_order.
    output = config("add_missing_keep_extra", [("y", "Int64", None)])
    result = read_with(lake, bucket, s3_client, {"z": [1], "y": [2], "x": [3], "w": [4]}, output)
    assert result.columns == ["y", "z", "x", "w"]


def test_add_missing_keep_extra_all_columns_missing_adds_all(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestAddMissingKeepExtraMode::test_all_columns_missing_adds_all.
    output = config("add_missing_keep_extra", [("new1", "Int64", "10"), ("new2", "String", "hello")])
    result = read_with(lake, bucket, s3_client, {"existing": [1, 2, 3]}, output).collect()
    assert result.columns == ["new1", "new2", "existing"]
    assert result["new1"].to_list() == [10, 10, 10]
    assert result["new2"].to_list() == ["hello", "hello", "hello"]
    assert result["existing"].to_list() == [1, 2, 3]


def test_data_type_validation_passes_when_types_match(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestDataTypeValidation::test_validation_passes_when_types_match.
    output = config("select_only", [("a", "Int64", None), ("b", "String", None)], validate=True)
    assert read_with(lake, bucket, s3_client, {"a": [1, 2, 3], "b": ["x", "y", "z"]}, output).columns == ["a", "b"]


def test_data_type_validation_raises_error_on_mismatch(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestDataTypeValidation::test_validation_raises_error_on_mismatch.
    output = config("select_only", [("a", "Int64", None), ("b", "String", None)], validate=True)
    with pytest.raises(ValueError, match="Data type validation failed"):
        read_with(lake, bucket, s3_client, {"a": ["not", "an", "int"], "b": [1, 2, 3]}, output)


def test_data_type_validation_skipped_when_disabled(lake: str, bucket: str, s3_client: Any) -> None:
    # Ports TestDataTypeValidation::test_validation_skipped_when_disabled.
    output = config("select_only", [("a", "Int64", None)])
    assert read_with(lake, bucket, s3_client, {"a": ["not", "an", "int"]}, output).columns == ["a"]


def test_disabled_config_changes_nothing_and_every_reader_applies_it(lake: str, bucket: str, s3_client: Any) -> None:
    data = {"a": [1], "b": [2]}
    disabled = ff.OutputFieldConfig(enabled=False, fields=[ff.OutputFieldInfo(name="a", data_type="Int64")])
    assert read_with(lake, bucket, s3_client, data, disabled).columns == ["a", "b"]
    path = put_table(s3_client, bucket, "any.parquet", data)
    only_b = config("select_only", [("b", "Int64", None)])
    read = ff.read_from_cloud_storage(path, connection_name=lake, output_field_config=only_b)
    assert read.collect().to_dict(as_series=False) == {"b": [2]}
    s3_client.put_object(Bucket=bucket, Key="any.csv", Body=b"a;b\n1;2\n")
    csv = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/any.csv", connection_name=lake, output_field_config=only_b)
    assert csv.columns == ["b"]
    with pytest.raises(ff.InvalidArgumentError, match="not a polars type"):
        read_with(lake, bucket, s3_client, data, config("add_missing", [("c", "NoSuchType", None)]))
