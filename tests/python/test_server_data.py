"""Server mode data: scans and writes go through `flowfile serve` (/api/data/*), as the token's user.

The connection lives on the server; rows stream to and from it as Arrow IPC,
and every result matches the same plan run by the embedded engine.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff
from conftest import Server, assert_exception_is_clean, emulator_connection, use_server
from test_frames import TABLE, get_bytes, put_parquet

LAKE = "data-lake"


@pytest.fixture
def alice(server: Server, tokens: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Server mode as alice; her API token."""
    use_server(monkeypatch, server, tokens["alice"])
    return tokens["alice"]


@pytest.fixture
def server_lake(alice: str, s3_endpoint: str, canary: str) -> str:
    """Alice's "data-lake" connection to the emulator, created through ff in server mode (so on the server)."""
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))
    return LAKE


@pytest.fixture
def table_path(bucket: str, s3_client: object) -> str:
    """TABLE as Parquet on the emulator."""
    put_parquet(s3_client, bucket, "data/table.parquet")
    return f"s3://{bucket}/data/table.parquet"


@pytest.fixture
def frames(
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    canary: str,
    table_path: str,
) -> tuple[ff.LazyFrame, ff.LazyFrame]:
    """The same scan run by the embedded engine (local connection) and by the server (alice's connection)."""
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))
    embedded = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))
    remote = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    return embedded, remote


class RecordingSource:
    """An Arrow stream of `batches` record batches of `rows` rows each, recording how many were pulled.

    With `fail_after`, pulling the next batch after that many raises RuntimeError.
    """

    def __init__(self, batches: int = 2, rows: int = 1000, fail_after: int | None = None) -> None:
        self.pulled = 0
        self.batches = batches
        self.rows = rows
        self.fail_after = fail_after
        self.schema = pa.schema([("id", pa.int64()), ("name", pa.string())])

    def _batches(self) -> Iterator[pa.RecordBatch]:
        for index in range(self.batches):
            if self.fail_after is not None and index == self.fail_after:
                raise RuntimeError(f"source failed after {index} batches")
            self.pulled += 1
            ids = pa.array(range(index * self.rows, (index + 1) * self.rows), pa.int64())
            yield pa.record_batch([ids, pa.array([f"row {i}" for i in ids.to_pylist()])], schema=self.schema)

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return pa.RecordBatchReader.from_batches(self.schema, self._batches()).__arrow_c_stream__()


def unused_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def object_keys(s3_client: object, bucket: str, prefix: str = "") -> list[str]:
    listed = s3_client.list_objects_v2(Bucket=bucket, Prefix=prefix)  # type: ignore[attr-defined]
    return sorted(item["Key"] for item in listed.get("Contents", []))


# --- the seed's data snippets, in server mode -------------------------------------------------------------

SEED_TABLE = pa.table({"id": [1, 2, 3], "name": ["a", "b", "c"]})


def seed_object(file_format: str) -> bytes:
    if file_format == "parquet":
        buffer = io.BytesIO()
        pq.write_table(SEED_TABLE, buffer)
        return buffer.getvalue()
    if file_format == "csv":
        return b"id;name\n1;a\n2;b\n3;c\n"  # Flowfile's default delimiter
    return b"".join(json.dumps(row).encode() + b"\n" for row in SEED_TABLE.to_pylist())


@pytest.mark.parametrize("file_format", ["parquet", "csv", "json"])
def test_seed_data_snippet_reads_and_writes_through_server(
    server_lake: str, bucket: str, s3_client: object, file_format: str
) -> None:
    s3_client.put_object(Bucket=bucket, Key=f"data.{file_format}", Body=seed_object(file_format))  # type: ignore[attr-defined]
    scan = getattr(ff, f"scan_{file_format}_from_cloud_storage")

    # Reading with connection
    df = scan(
        f"s3://{bucket}/data.{file_format}",
        connection_name="data-lake",  # Use the connection name
    )

    # Writing with connection
    result = getattr(df, f"write_{file_format}_to_cloud_storage")(
        f"s3://{bucket}/output.{file_format}",
        connection_name="data-lake",
    )

    assert result.rows == 3
    assert result.path.endswith(f"{bucket}/output.{file_format}")
    assert len(get_bytes(s3_client, bucket, f"output.{file_format}")) == result.bytes
    back = scan(f"s3://{bucket}/output.{file_format}", connection_name="data-lake").to_arrow()
    assert back.column("id").to_pylist() == [1, 2, 3]
    assert back.column("name").to_pylist() == ["a", "b", "c"]


@pytest.mark.parametrize("file_format", ["parquet", "csv", "json"])
def test_module_writers_upload_local_data_through_server(
    server_lake: str, bucket: str, s3_client: object, file_format: str
) -> None:
    writer = getattr(ff, f"write_{file_format}_to_cloud_storage")
    result = writer(SEED_TABLE, f"s3://{bucket}/from-arrow.{file_format}", connection_name=LAKE)
    assert result.rows == 3
    body = get_bytes(s3_client, bucket, f"from-arrow.{file_format}")
    if file_format == "parquet":
        assert pq.read_table(io.BytesIO(body)).equals(SEED_TABLE)
    elif file_format == "csv":
        assert body.decode().replace('"', "").splitlines() == ["id;name", "1;a", "2;b", "3;c"]
    else:
        assert [json.loads(line) for line in body.splitlines()] == SEED_TABLE.to_pylist()


def test_polars_frame_uploads_through_server(server_lake: str, bucket: str) -> None:
    ff.write_parquet_to_cloud_storage(pl.from_arrow(SEED_TABLE), f"s3://{bucket}/p.parquet", connection_name=LAKE)
    back = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/p.parquet", connection_name=LAKE).to_polars()
    assert back.to_dicts() == SEED_TABLE.to_pylist()


def test_local_server_reads_and_writes_for_the_local_user(
    local_server: Server, monkeypatch: pytest.MonkeyPatch, s3_endpoint: str, canary: str, table_path: str
) -> None:
    use_server(monkeypatch, local_server, "unused-by-a-local-server")
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))
    frame = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    frame.filter(ff.col("id") > 3).write_parquet_to_cloud_storage(table_path + ".out", connection_name=LAKE)
    back = ff.scan_parquet_from_cloud_storage(table_path + ".out", connection_name=LAKE).to_arrow()
    assert back.column("id").to_pylist() == [4, 5, 6]
    monkeypatch.delenv("FLOWFILE_API_URL")
    assert ff.get_all_available_cloud_storage_connections() == [], "the test's own store must stay empty"


# --- the same plans give the same rows as in embedded mode ---------------------------------------------------

ACTIVE = ff.col("active") == True  # noqa: E712

PLANS: dict[str, Callable[[ff.LazyFrame], ff.LazyFrame]] = {
    "scan": lambda frame: frame,
    "select": lambda frame: frame.select("score", "id"),
    "select twice": lambda frame: frame.select("id", "city").select(["city"]),
    "int filter": lambda frame: frame.filter(ff.col("id") > 3),
    "float literal on int column": lambda frame: frame.filter(ff.col("id") >= 3.0),
    "string filter": lambda frame: frame.filter(ff.col("city") != "Oslo"),
    "bool filter": lambda frame: frame.filter(ACTIVE),
    "null filters": lambda frame: frame.filter(ff.col("city").is_null()).select("id"),
    "anded filters": lambda frame: frame.filter(ff.col("id") > 1).filter(ff.col("score") < 4.0, ACTIVE),
    "head": lambda frame: frame.filter(ff.col("id") > 2).head(2),
    "limits keep the smallest": lambda frame: frame.limit(4).limit(10).select("id"),
    "limit 0": lambda frame: frame.limit(0),
}


@pytest.mark.parametrize("plan", PLANS.values(), ids=PLANS.keys())
def test_plan_gives_same_rows_as_embedded(
    frames: tuple[ff.LazyFrame, ff.LazyFrame], plan: Callable[[ff.LazyFrame], ff.LazyFrame]
) -> None:
    embedded, remote = (plan(frame) for frame in frames)
    assert remote.columns == embedded.columns
    assert remote.explain() == embedded.explain()
    expected = embedded.to_arrow()
    assert remote.to_arrow().equals(expected)
    assert remote.to_polars().equals(embedded.to_polars())
    assert pa.table(remote).equals(expected)
    assert pa.Table.from_batches(list(remote.to_batches()), expected.schema).equals(expected)
    frame = remote
    assert duckdb.sql("select * from frame").fetchall() == [tuple(row.values()) for row in expected.to_pylist()]
    del frame


def test_duckdb_queries_server_frame_like_embedded(frames: tuple[ff.LazyFrame, ff.LazyFrame]) -> None:
    embedded, remote = frames
    query = "select city, count(*), sum(score) from frame where city is not null group by 1 order by 1"
    frame = embedded
    expected = duckdb.sql(query).fetchall()
    frame = remote
    assert duckdb.sql(query).fetchall() == expected
    assert expected == [("Kyiv", 1, 5.5), ("Lima", 1, 1.5), ("Oslo", 2, 5.0), ("Pune", 1, 3.5)]
    assert duckdb.from_arrow(remote.select("id").head(3)).fetchall() == [(1,), (2,), (3,)]
    del frame


def test_frames_collect_from_several_threads(frames: tuple[ff.LazyFrame, ff.LazyFrame]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    remote = frames[1]
    with ThreadPoolExecutor(max_workers=4) as pool:
        tables = list(pool.map(lambda n: remote.head(n).to_arrow(), range(1, 7)))
    assert [table.num_rows for table in tables] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("op", "value"),
    [("between", 1), ("eq", None), ("lt", None), ("eq", [1]), ("eq", b"bytes")],
    ids=["unknown op", "eq None", "lt None", "list value", "bytes value"],
)
def test_filter_arguments_are_checked_like_native(
    frames: tuple[ff.LazyFrame, ff.LazyFrame], op: str, value: object
) -> None:
    embedded, remote = frames
    with pytest.raises((TypeError, ValueError)) as native_error:
        embedded._plan.filter("id", op, value)  # type: ignore[arg-type]
    with pytest.raises(native_error.type, match="^" + re.escape(str(native_error.value)) + "$"):
        remote._plan.filter("id", op, value)  # type: ignore[arg-type]


def post_plan(server: Server, token: str, route: str, plan: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST a plan to a data route as the token's user: the status and the JSON answer."""
    request = urllib.request.Request(
        server.url + route,
        data=json.dumps(plan).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_server_applies_a_plans_steps_in_order_with_the_engines_rules(
    server: Server, tokens: dict[str, str], frames: tuple[ff.LazyFrame, ff.LazyFrame], table_path: str
) -> None:
    """A server-mode frame sends its calls; the server's engine applies them (no plan rules in Python)."""
    embedded = frames[0]
    plan = {"connection": LAKE, "path": table_path, "format": "parquet"}
    steps = [{"limit": 4}, {"select": ["id", "city"]}, {"filter": {"column": "id", "op": "gt", "value": 1}}]
    status, answer = post_plan(server, tokens["alice"], "/api/data/describe", {**plan, "calls": [*steps, {"limit": 9}]})
    assert status == 200, answer
    expected = embedded.limit(4).select("id", "city").filter(ff.col("id") > 1).limit(9).explain()
    assert answer == {"description": expected}
    assert expected.endswith("limit 4"), "a later, larger limit keeps the smaller one"

    status, answer = post_plan(server, tokens["alice"], "/api/data/describe", {**plan, "calls": [{"select": ["nope"]}]})
    assert (status, str(answer.get("description")).endswith("select nope")) == (200, True), answer
    status, answer = post_plan(server, tokens["alice"], "/api/data/plan", {**plan, "calls": [{"select": ["nope"]}]})
    assert status == 400 and "Column 'nope' is not in" in str(answer["error"]), answer

    for bad, field in (
        ([{"sort": "id"}], "calls[0]"),
        ([{"limit": 1, "select": ["id"]}], "calls[0]"),
        ([{"limit": 2}, {"limit": "2"}], "calls[1].limit"),
        ([{"filter": {"column": "id", "op": "lt"}}], "value"),
    ):
        status, answer = post_plan(server, tokens["alice"], "/api/data/describe", {**plan, "calls": bad})
        error = answer["error"]
        assert (status, error["code"], error.get("field")) == (400, "invalid_argument", field), (bad, answer)


def test_unknown_column_raises_server_message_at_columns_and_collect(
    frames: tuple[ff.LazyFrame, ff.LazyFrame],
) -> None:
    embedded, remote = (frame.select("id", "nope") for frame in frames)
    assert repr(remote) == repr(embedded), "a repr neither fails nor differs"
    with pytest.raises(ff.InvalidArgumentError) as expected:
        _ = embedded.columns
    assert "Column 'nope' is not in" in str(expected.value)
    with pytest.raises(ff.InvalidArgumentError) as raised:
        _ = remote.columns
    assert str(raised.value) == str(expected.value)
    with pytest.raises(ff.InvalidArgumentError) as raised:
        remote.to_arrow()
    assert str(raised.value) == str(expected.value)


def test_rows_are_read_when_consumed_not_when_planned(server_lake: str, bucket: str, s3_client: object) -> None:
    put_parquet(s3_client, bucket, "changing.parquet")
    planned = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/changing.parquet", connection_name=LAKE)
    planned = planned.filter(ff.col("id") > 0).select("id")
    put_parquet(s3_client, bucket, "changing.parquet", TABLE.slice(0, 2))
    assert planned.to_arrow().column("id").to_pylist() == [1, 2]


def test_consumer_stopping_early_leaves_server_serving(server_lake: str, bucket: str, server: Server) -> None:
    rows = 300_000
    path = f"s3://{bucket}/early.parquet"
    ff.write_parquet_to_cloud_storage(pa.table({"id": pa.array(range(rows), pa.int64())}), path, connection_name=LAKE)
    frame = ff.scan_parquet_from_cloud_storage(path, connection_name=LAKE)
    for _ in range(3):
        reader = frame.to_batches()
        assert reader.read_next_batch().num_rows > 0
        reader.close()
        del reader
        gc.collect()
        time.sleep(0.2)
        assert server.process.poll() is None, "the server died when a client stopped reading"
    assert frame.head(2).to_arrow().column("id").to_pylist() == [0, 1]


# --- the frame is read by the server, as the token's user ----------------------------------------------------


def test_server_connection_is_used_not_a_local_one_of_the_same_name(
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    s3_endpoint: str,
    canary: str,
    table_path: str,
) -> None:
    # A local "data-lake" that cannot reach anything: using it would fail the scan.
    ff.create_cloud_storage_connection(emulator_connection(LAKE, unused_port_url(), canary))
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))
    assert ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE).to_arrow().equals(TABLE)
    assert ff.write_parquet_to_cloud_storage(TABLE, table_path + ".copy", connection_name=LAKE).rows == TABLE.num_rows


def test_connection_that_exists_only_on_server_reads(
    server_lake: str, monkeypatch: pytest.MonkeyPatch, server: Server, table_path: str
) -> None:
    monkeypatch.delenv("FLOWFILE_API_URL")
    assert ff.get_all_available_cloud_storage_connections() == [], "the test's own store must stay empty"
    monkeypatch.setenv("FLOWFILE_API_URL", server.url)
    assert ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE).to_arrow().equals(TABLE)


def test_other_user_cannot_read_or_write_through_connection(
    server_lake: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    bucket: str,
    s3_client: object,
    table_path: str,
) -> None:
    use_server(monkeypatch, server, tokens["bob"])
    with pytest.raises(ff.ConnectionNotFoundError):
        ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    source = RecordingSource()
    with pytest.raises(ff.ConnectionNotFoundError):
        ff.write_parquet_to_cloud_storage(source, f"s3://{bucket}/by-bob.parquet", connection_name=LAKE)
    assert source.pulled == 0
    assert object_keys(s3_client, bucket) == ["data/table.parquet"]


# --- writes ------------------------------------------------------------------------------------------------


def test_write_of_many_batches_round_trips_row_for_row(server_lake: str, bucket: str, s3_client: object) -> None:
    rows = 300_000
    ids = pa.array(range(rows), pa.int64())
    table = pa.table(
        {
            "id": ids,
            "score": pa.array([i * 0.5 for i in range(rows)]),
            "name": pa.array([f"name {i % 977}" for i in range(rows)]),
            "even": pa.array([i % 2 == 0 for i in range(rows)]),
        }
    )
    result = ff.write_parquet_to_cloud_storage(table, f"s3://{bucket}/big.parquet", connection_name=LAKE)
    assert result.rows == rows
    assert pq.read_table(io.BytesIO(get_bytes(s3_client, bucket, "big.parquet"))).equals(table)
    back = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/big.parquet", connection_name=LAKE)
    assert back.to_arrow().equals(table)
    assert back.filter(ff.col("id") >= rows - 3).to_arrow().column("id").to_pylist() == [rows - 3, rows - 2, rows - 1]


def test_write_streams_a_reader_of_many_batches(server_lake: str, bucket: str, s3_client: object) -> None:
    source = RecordingSource(batches=40, rows=5000)
    result = ff.write_csv_to_cloud_storage(source, f"s3://{bucket}/stream.csv", connection_name=LAKE)
    assert (result.rows, source.pulled) == (200_000, 40)
    back = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/stream.csv", connection_name=LAKE).to_arrow()
    assert back.column("id").to_pylist() == list(range(200_000))


def test_append_adds_part_files(server_lake: str, bucket: str, s3_client: object, table_path: str) -> None:
    frame = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    written = [
        frame.write_parquet_to_cloud_storage(f"s3://{bucket}/parts", connection_name=LAKE, write_mode="append").path
        for _ in range(2)
    ]
    parts = object_keys(s3_client, bucket, "parts/")
    assert len(parts) == 2
    assert len(set(written)) == 2
    assert all(path.split("/", 3)[-1] in parts for path in written)
    both = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/parts", connection_name=LAKE).to_arrow()
    assert both.num_rows == 2 * TABLE.num_rows


def test_frame_writes_with_options(server_lake: str, bucket: str, s3_client: object, table_path: str) -> None:
    frame = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE)
    frame.write_parquet_to_cloud_storage(
        f"s3://{bucket}/out/zstd.parquet", connection_name=LAKE, compression="zstd", row_group_size=4
    )
    written = pq.ParquetFile(io.BytesIO(get_bytes(s3_client, bucket, "out/zstd.parquet")))
    assert written.read().equals(TABLE)
    assert written.metadata.num_row_groups == 2
    assert written.metadata.row_group(0).column(0).compression == "ZSTD"
    frame.select("id", "city").write_csv_to_cloud_storage(f"s3://{bucket}/out.csv", connection_name=LAKE, delimiter=";")
    assert get_bytes(s3_client, bucket, "out.csv").decode().splitlines()[0].replace('"', "") == "id;city"


def test_upload_failing_mid_stream_leaves_no_object(server_lake: str, bucket: str, s3_client: object) -> None:
    source = RecordingSource(batches=10, rows=50_000, fail_after=3)
    with pytest.raises((RuntimeError, pa.ArrowException), match="source failed after 3 batches"):
        ff.write_parquet_to_cloud_storage(source, f"s3://{bucket}/partial.parquet", connection_name=LAKE)
    assert source.pulled == 3
    assert object_keys(s3_client, bucket) == []
    # The server aborts the multipart upload it started (else it would linger, billed, on real S3). It
    # learns of the failure after the client does, and may still be starting the upload: wait until no
    # upload has been seen for two seconds.
    deadline = time.monotonic() + 10
    quiet_since = time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - quiet_since < 2:
        if s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads"):  # type: ignore[attr-defined]
            quiet_since = time.monotonic()
        time.sleep(0.1)
    assert not s3_client.list_multipart_uploads(Bucket=bucket).get("Uploads"), "the multipart upload was not aborted"  # type: ignore[attr-defined]
    assert object_keys(s3_client, bucket) == []


# --- errors ------------------------------------------------------------------------------------------------


def test_unknown_connection_raises_at_scan_and_at_write_before_reading(server_lake: str, bucket: str) -> None:
    with pytest.raises(ff.ConnectionNotFoundError, match="Connection not found"):
        ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/data.parquet", connection_name="data-lak")
    source = RecordingSource()
    with pytest.raises(ff.ConnectionNotFoundError, match="Connection not found"):
        ff.write_parquet_to_cloud_storage(source, f"s3://{bucket}/out.parquet", connection_name="data-lak")
    assert source.pulled == 0


def test_invalid_write_option_raises_engine_message(
    frames: tuple[ff.LazyFrame, ff.LazyFrame], bucket: str, s3_client: object
) -> None:
    messages = []
    fields = []
    for frame in frames:
        with pytest.raises(ff.InvalidArgumentError) as raised:
            frame.write_parquet_to_cloud_storage(f"s3://{bucket}/bad.parquet", LAKE, compression="lzma")  # type: ignore[arg-type]
        messages.append(str(raised.value))
        fields.append(raised.value.field)
    assert messages[0] == messages[1]
    assert "compression" in messages[1]
    assert fields == ["compression", "compression"], "the engine's field reaches both modes' exceptions"
    assert "bad.parquet" not in " ".join(object_keys(s3_client, bucket))


def test_missing_path_raises_at_scan(server_lake: str, bucket: str) -> None:
    with pytest.raises(ff.PathNotFoundError, match="missing") as raised:
        ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/missing/*.parquet", connection_name=LAKE)
    assert not isinstance(raised.value, ff.ConnectionNotFoundError)


def test_unreachable_server_is_unavailable_for_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLOWFILE_API_URL", unused_port_url())
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "token")
    with pytest.raises(ff.ServiceUnavailableError, match="unreachable"):
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name=LAKE)
    source = RecordingSource()
    with pytest.raises(ff.ServiceUnavailableError, match="unreachable"):
        ff.write_parquet_to_cloud_storage(source, "s3://bucket/out.parquet", connection_name=LAKE)
    assert source.pulled == 0


def test_scan_failing_mid_stream_raises_not_fewer_rows(
    server: Server, server_lake: str, bucket: str, s3_client: object
) -> None:
    # The dataset's schema comes from the first file; the second one's ids are text, which fails its scan
    # after the first file's rows were sent. A limit makes the server read the files one after the other.
    rows = 200_000
    first = pa.table({"id": pa.array(range(rows), pa.int64())})
    buffer = io.BytesIO()
    pq.write_table(first, buffer, row_group_size=50_000)
    s3_client.put_object(Bucket=bucket, Key="mixed/a.parquet", Body=buffer.getvalue())  # type: ignore[attr-defined]
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": ["not a number"] * 10}), buffer)
    s3_client.put_object(Bucket=bucket, Key="mixed/b.parquet", Body=buffer.getvalue())  # type: ignore[attr-defined]
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/mixed", connection_name=LAKE).head(10 * rows)

    received = 0
    reader = frame.to_batches()
    with pytest.raises(OSError, match="stopped sending the rows"):
        for batch in reader:
            received += batch.num_rows
    assert 0 < received <= rows, "the failure must come after some rows were streamed"
    with pytest.raises(OSError, match="stopped sending the rows"):
        frame.to_arrow()
    with pytest.raises(pl.exceptions.ComputeError, match="stopped sending the rows"):
        frame.to_polars()
    # The cause, which the client cannot be sent mid-stream, is in the server's log.
    assert "a data stream was cut off" in server.log.read_text()


# --- secrets -----------------------------------------------------------------------------------------------


def test_secret_and_token_never_leak(
    server_lake: str,
    alice: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    canary: str,
    bucket: str,
    table_path: str,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    frame = ff.scan_parquet_from_cloud_storage(table_path, connection_name=LAKE).select("id").filter(ff.col("id") > 3)
    shown = repr(frame)
    assert LAKE in shown
    assert table_path.removeprefix("s3://") in shown
    assert "select id" in shown
    print(shown, frame.explain(), repr(frame._plan), frame.to_arrow())
    frame.write_parquet_to_cloud_storage(f"s3://{bucket}/out.parquet", connection_name=LAKE)

    failures: list[Callable[[], object]] = [
        lambda: ff.scan_parquet_from_cloud_storage(table_path, connection_name="other"),
        lambda: ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/missing.parquet", connection_name=LAKE),
        lambda: frame.select("nope").to_arrow(),
        lambda: ff.write_parquet_to_cloud_storage(TABLE, f"s3://{bucket}/o.parquet", connection_name="other"),
        lambda: ff.write_parquet_to_cloud_storage(RecordingSource(fail_after=1), table_path, connection_name=LAKE),
    ]
    for token in (alice, tokens["bob"]):
        use_server(monkeypatch, server, token)
        for failure in failures:
            with pytest.raises(Exception) as raised:
                failure()
            print(raised.value)
            for hidden in (canary, alice, tokens["bob"]):
                assert_exception_is_clean(raised.value, hidden)

    captured = capfd.readouterr()
    server_log = server.log.read_text()
    for hidden in (canary, alice, tokens["bob"]):
        assert hidden not in captured.out + captured.err
        assert hidden not in caplog.text
        assert hidden not in server_log
