"""Flowfile's cloud storage readers and writers: its names, parameters and defaults, on the S3 emulator.

The expected signatures are those of the registry's flowfile 0.23.3
(flowfile_frame/flow_frame_methods.py, flowfile_frame/flow_frame.py,
flowfile_frame/cloud_storage/frame_helpers.py and, for open_graph_in_editor,
flowfile/api.py).
"""

from __future__ import annotations

import inspect
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff
from conftest import S3_REGION

TABLE = pa.table({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Pune"]})

# name -> (parameter, default) of upstream, in upstream's order; "*" marks keyword-only from there on.
UPSTREAM_SIGNATURES: dict[str, list[tuple[str, object]]] = {
    "scan_parquet_from_cloud_storage": [
        ("source", inspect.Parameter.empty),
        ("*", None),
        ("flow_graph", None),
        ("connection_name", None),
        ("scan_mode", None),
        ("description", None),
        ("output_field_config", None),
    ],
    "scan_csv_from_cloud_storage": [
        ("source", inspect.Parameter.empty),
        ("*", None),
        ("flow_graph", None),
        ("connection_name", None),
        ("scan_mode", None),
        ("delimiter", ";"),
        ("has_header", True),
        ("encoding", "utf8"),
        ("description", None),
        ("output_field_config", None),
    ],
    "scan_json_from_cloud_storage": [
        ("source", inspect.Parameter.empty),
        ("*", None),
        ("flow_graph", None),
        ("connection_name", None),
        ("scan_mode", None),
        ("description", None),
        ("output_field_config", None),
    ],
    "scan_delta": [
        ("source", inspect.Parameter.empty),
        ("*", None),
        ("flow_graph", None),
        ("connection_name", None),
        ("version", None),
        ("changes_since", None),
        ("include_change_preimage", False),
        ("description", None),
        ("output_field_config", None),
    ],
    "read_from_cloud_storage": [
        ("source", inspect.Parameter.empty),
        ("*", None),
        ("file_format", "parquet"),
        ("connection_name", None),
        ("scan_mode", None),
        ("delimiter", ";"),
        ("has_header", True),
        ("encoding", "utf8"),
        ("delta_version", None),
        ("changes_since", None),
        ("include_change_preimage", False),
        ("description", None),
        ("output_field_config", None),
    ],
    "write_to_cloud_storage": [
        ("df", inspect.Parameter.empty),
        ("path", inspect.Parameter.empty),
        ("*", None),
        ("file_format", "parquet"),
        ("connection_name", None),
        ("delimiter", ";"),
        ("encoding", "utf8"),
        ("compression", "snappy"),
        ("write_mode", "overwrite"),
        ("partition_by", None),
        ("merge_keys", None),
        ("track_changes", False),
    ],
    "create_flow_graph": [("flow_id", None)],
    "FlowGraph.save_flow": [("self", inspect.Parameter.empty), ("flow_path", inspect.Parameter.empty)],
    "open_graph_in_editor": [
        ("flow_graph", inspect.Parameter.empty),
        ("storage_location", None),
        ("module_name", "flowfile"),
        ("automatically_open_browser", True),
    ],
    "LazyFrame.save_graph": [
        ("self", inspect.Parameter.empty),
        ("file_path", inspect.Parameter.empty),
        ("auto_arrange", True),
    ],
    "LazyFrame.write_parquet_to_cloud_storage": [
        ("self", inspect.Parameter.empty),
        ("path", inspect.Parameter.empty),
        ("connection_name", None),
        ("compression", "snappy"),
        ("description", None),
    ],
    "LazyFrame.write_csv_to_cloud_storage": [
        ("self", inspect.Parameter.empty),
        ("path", inspect.Parameter.empty),
        ("connection_name", None),
        ("delimiter", ";"),
        ("encoding", "utf8"),
        ("description", None),
    ],
    "LazyFrame.write_json_to_cloud_storage": [
        ("self", inspect.Parameter.empty),
        ("path", inspect.Parameter.empty),
        ("connection_name", None),
        ("description", None),
    ],
}


def resolve(name: str) -> Callable[..., Any]:
    owner: Any = ff
    for part in name.split("."):
        owner = getattr(owner, part)
    return owner  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(UPSTREAM_SIGNATURES))
def test_signature_starts_with_upstreams_parameters(name: str) -> None:
    parameters = list(inspect.signature(resolve(name)).parameters.values())
    keyword_only = False
    position = 0
    for expected_name, default in UPSTREAM_SIGNATURES[name]:
        if expected_name == "*":
            keyword_only = True
            continue
        parameter = parameters[position]
        position += 1
        assert parameter.name == expected_name, f"{name}: parameter {position} is {parameter.name}"
        assert parameter.default == default, f"{name}({expected_name}) defaults to {parameter.default!r}"
        kind = inspect.Parameter.KEYWORD_ONLY if keyword_only else inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert parameter.kind == kind, f"{name}({expected_name}) is {parameter.kind}"
    # Our own additions come after upstream's and are keyword-only, so upstream's calls keep their meaning.
    for parameter in parameters[position:]:
        assert parameter.kind == inspect.Parameter.KEYWORD_ONLY, f"{name}({parameter.name}) must be keyword-only"


def put_parquet(s3_client: Any, bucket: str, key: str, table: pa.Table = TABLE) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())


def get_text(s3_client: Any, bucket: str, key: str) -> str:
    return s3_client.get_object(Bucket=bucket, Key=key)["Body"].read().decode()  # type: ignore[no-any-return]


def test_csv_defaults_are_flowfiles_semicolon_both_ways(lake: str, bucket: str, s3_client: Any) -> None:
    ff.write_to_cloud_storage(TABLE, f"s3://{bucket}/out.csv", file_format="csv", connection_name=lake)
    assert get_text(s3_client, bucket, "out.csv").splitlines()[0].replace('"', "") == "id;city"
    back = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/out.csv", connection_name=lake).to_arrow()
    assert back.column_names == ["id", "city"]
    assert back.column("city").to_pylist() == ["Oslo", "Lima", "Pune"]


def test_frame_writers_take_upstreams_positional_arguments(lake: str, bucket: str, s3_client: Any) -> None:
    put_parquet(s3_client, bucket, "in.parquet")
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/in.parquet", connection_name=lake, description="in")
    assert frame.description == "in"
    frame.write_parquet_to_cloud_storage(f"s3://{bucket}/p.parquet", lake, "zstd", "a description")
    frame.write_csv_to_cloud_storage(f"s3://{bucket}/c.csv", lake, "|", "utf8", "a description")
    frame.write_json_to_cloud_storage(f"s3://{bucket}/j.json", lake, "a description")
    written = s3_client.get_object(Bucket=bucket, Key="p.parquet")["Body"].read()
    assert pq.ParquetFile(io.BytesIO(written)).metadata.row_group(0).column(0).compression == "ZSTD"
    assert get_text(s3_client, bucket, "c.csv").splitlines()[0].replace('"', "") == "id|city"
    assert get_text(s3_client, bucket, "j.json").splitlines()[0] == '{"id":1,"city":"Oslo"}'


@pytest.mark.parametrize("file_format", ["parquet", "csv", "json"])
def test_read_and_write_dispatch_on_file_format(lake: str, bucket: str, file_format: str) -> None:
    path = f"s3://{bucket}/round-trip.{file_format}"
    result = ff.write_to_cloud_storage(TABLE, path, file_format=file_format, connection_name=lake)  # type: ignore[arg-type]
    assert result.rows == 3
    back = ff.read_from_cloud_storage(path, file_format=file_format, connection_name=lake)  # type: ignore[arg-type]
    assert back.to_arrow().column("city").to_pylist() == ["Oslo", "Lima", "Pune"]


def test_write_to_cloud_storage_rejects_partition_for_non_delta() -> None:
    # Ported from flowfile_frame/tests/test_cloud_write_partition.py (same name), assertions kept.
    with pytest.raises(ValueError, match="only supported for the 'delta'"):
        ff.write_to_cloud_storage(TABLE, "s3://bucket/f.parquet", file_format="parquet", partition_by=["a"])


def test_write_mode_of_the_unified_writer_is_delta_only_as_upstream(lake: str, bucket: str) -> None:
    # Flowfile ignores write_mode for files: the object is overwritten, never turned into a folder of parts.
    for rows in (TABLE, TABLE.slice(0, 1)):
        ff.write_to_cloud_storage(rows, f"s3://{bucket}/one.parquet", connection_name=lake, write_mode="append")
    back = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/one.parquet", connection_name=lake)
    assert back.to_arrow().num_rows == 1


def test_change_feed_options_are_checked_clearly() -> None:
    # Change feeds by version and by time are read in test_delta_versions.py and test_delta_change_times.py.
    with pytest.raises(ValueError, match="changes_since is only supported"):
        ff.read_from_cloud_storage("s3://bucket/t.parquet", changes_since=3)
    with pytest.raises(ff.InvalidArgumentError, match="a datetime or an ISO 8601 time") as wrong_type:
        ff.read_from_cloud_storage("s3://bucket/table", file_format="delta", changes_since=2.5)  # type: ignore[arg-type]
    assert wrong_type.value.field == "changes_since"


def test_scan_mode_directory_reads_a_folder_named_without_slash(lake: str, bucket: str, s3_client: Any) -> None:
    put_parquet(s3_client, bucket, "folder/a.parquet")
    put_parquet(s3_client, bucket, "folder/b.parquet")
    for mode in ("directory", None):
        frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder", connection_name=lake, scan_mode=mode)
        assert frame.to_arrow().num_rows == 6
    with pytest.raises(ff.InvalidArgumentError, match="scan_mode"):
        ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder", connection_name=lake, scan_mode="folder")  # type: ignore[arg-type]


def test_utf8_lossy_replaces_invalid_bytes(lake: str, bucket: str, s3_client: Any) -> None:
    s3_client.put_object(Bucket=bucket, Key="bad.csv", Body=b"name;n\nZ\xfcrich;1\nOslo;2\n")
    plain = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/bad.csv", connection_name=lake).to_arrow()
    assert plain.schema.field("name").type == pa.binary()  # not text: Arrow keeps the bytes as they are
    lossy = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/bad.csv", connection_name=lake, encoding="utf8-lossy")
    assert lossy.to_arrow().column("name").to_pylist() == ["Z\ufffdrich", "Oslo"]


@pytest.fixture
def local_aws_credentials(monkeypatch: pytest.MonkeyPatch, s3_endpoint: str, tmp_path: Path) -> None:
    """The local default credential chain points at the emulator: environment keys and AWS_ENDPOINT_URL."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", S3_REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_endpoint)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))


def test_no_connection_name_uses_local_credentials(local_aws_credentials: None, bucket: str, s3_client: Any) -> None:
    put_parquet(s3_client, bucket, "local.parquet")
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/local.parquet")
    assert "local credentials" in repr(frame)
    assert frame.to_arrow().equals(TABLE)
    frame.write_parquet_to_cloud_storage(f"s3://{bucket}/copy.parquet")
    ff.write_to_cloud_storage(TABLE, f"s3://{bucket}/copy.csv", file_format="csv")
    assert ff.read_from_cloud_storage(f"s3://{bucket}/copy.parquet").to_arrow().equals(TABLE)
    assert get_text(s3_client, bucket, "copy.csv").splitlines()[0].replace('"', "") == "id;city"
    assert ff.get_all_available_cloud_storage_connections() == []  # nothing was stored


def test_no_connection_name_is_refused_in_server_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWFILE_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "token")
    with pytest.raises(ff.InvalidArgumentError, match="connection_name is required in server mode"):
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet")
    with pytest.raises(ff.InvalidArgumentError, match="connection_name is required in server mode"):
        ff.write_parquet_to_cloud_storage(TABLE, "s3://bucket/data.parquet")
