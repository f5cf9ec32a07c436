"""Lazy frames: plans read when consumed, pushed-down select/filter/head, pyarrow/polars/DuckDB round trips.

Consumers read frames over the Arrow PyCapsule protocol, without copies.
"""

from __future__ import annotations

import io

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff

TABLE = pa.table(
    {
        "id": pa.array([1, 2, 3, 4, 5, 6], pa.int64()),
        "city": ["Oslo", "Lima", None, "Pune", "Oslo", "Kyiv"],
        "score": [0.5, 1.5, 2.5, 3.5, 4.5, 5.5],
        "active": [True, False, True, True, False, True],
    }
)


def put_parquet(s3_client: object, bucket: str, key: str, table: pa.Table = TABLE) -> None:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=2)
    s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())  # type: ignore[attr-defined]


def get_bytes(s3_client: object, bucket: str, key: str) -> bytes:
    return s3_client.get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def frame(lake: str, bucket: str, s3_client: object) -> ff.LazyFrame:
    put_parquet(s3_client, bucket, "data/table.parquet")
    return ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/data/table.parquet", connection_name=lake)


def test_collect_returns_polars_and_to_arrow_a_pyarrow_table(frame: ff.LazyFrame) -> None:
    collected = frame.collect()
    assert isinstance(collected, pl.DataFrame)
    assert collected.equals(pl.from_arrow(TABLE))
    assert frame.to_arrow().equals(TABLE)


def test_pyarrow_consumes_frame_through_capsule(frame: ff.LazyFrame) -> None:
    assert pa.table(frame).equals(TABLE)
    reader = pa.RecordBatchReader.from_stream(frame)
    assert reader.read_all().equals(TABLE)


def test_polars_consumes_frame(frame: ff.LazyFrame) -> None:
    expected = pl.from_arrow(TABLE)
    assert frame.to_polars().equals(expected)
    assert pl.DataFrame(frame).equals(expected)


def test_duckdb_queries_frame(frame: ff.LazyFrame) -> None:
    connection = duckdb.connect()
    reader = pa.RecordBatchReader.from_stream(frame)
    connection.register("cities", reader)
    rows = connection.execute(
        "select city, count(*) from cities where city is not null group by 1 order by 1"
    ).fetchall()
    assert rows == [("Kyiv", 1), ("Lima", 1), ("Oslo", 2), ("Pune", 1)]


def test_duckdb_reads_frame_by_replacement_scan(frame: ff.LazyFrame) -> None:
    data = frame
    assert duckdb.sql("select sum(id) from data").fetchall() == [(21,)]
    del data


def test_select_keeps_columns_in_order(frame: ff.LazyFrame) -> None:
    selected = frame.select("score", "id")
    assert selected.columns == ["score", "id"]
    assert selected.to_arrow().column_names == ["score", "id"]
    assert frame.select(["city"]).to_arrow().column("city").to_pylist() == TABLE.column("city").to_pylist()


@pytest.mark.parametrize(
    ("predicate", "ids"),
    [
        (ff.col("id") > 3, [4, 5, 6]),
        (ff.col("id") >= 3, [3, 4, 5, 6]),
        (ff.col("id") < 3, [1, 2]),
        (ff.col("id") <= 3, [1, 2, 3]),
        (ff.col("city") == "Oslo", [1, 5]),
        (ff.col("city") != "Oslo", [2, 4, 6]),
        (ff.col("city").is_null(), [3]),
        (ff.col("city").is_not_null(), [1, 2, 4, 5, 6]),
        (ff.col("score") > 2.0, [3, 4, 5, 6]),
        (ff.col("active") == True, [1, 3, 4, 6]),  # noqa: E712
        ((ff.col("id") > 1) & (ff.col("city") == "Oslo"), [5]),
    ],
)
def test_filter_keeps_matching_rows(frame: ff.LazyFrame, predicate: object, ids: list[int]) -> None:
    assert frame.filter(predicate).to_arrow().column("id").to_pylist() == ids  # type: ignore[arg-type]


def test_filters_given_separately_are_anded(frame: ff.LazyFrame) -> None:
    filtered = frame.filter(ff.col("id") > 1).filter(ff.col("score") < 4.0, ff.col("active") == True)  # noqa: E712
    assert filtered.to_arrow().column("id").to_pylist() == [3, 4]


def test_head_and_limit_stop_early(frame: ff.LazyFrame) -> None:
    assert frame.head(2).to_arrow().num_rows == 2
    assert frame.head().to_arrow().num_rows == 5
    assert frame.limit(0).to_arrow().num_rows == 0
    assert frame.filter(ff.col("id") > 2).head(2).to_arrow().column("id").to_pylist() == [3, 4]


def test_plans_are_immutable(frame: ff.LazyFrame) -> None:
    frame.select("id")
    frame.filter(ff.col("id") > 100)
    frame.head(1)
    assert frame.to_arrow().num_rows == TABLE.num_rows


def test_repr_shows_the_plan(frame: ff.LazyFrame, bucket: str) -> None:
    text = repr(frame.select("id").filter(ff.col("id") > 3).head(2))
    assert "data-lake" in text
    assert f"{bucket}/data/table.parquet" in text
    assert "id" in text


def test_rows_are_read_when_consumed_not_when_planned(lake: str, bucket: str, s3_client: object) -> None:
    put_parquet(s3_client, bucket, "changing.parquet")
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/changing.parquet", connection_name=lake)
    planned = frame.filter(ff.col("id") > 0).select("id")
    put_parquet(s3_client, bucket, "changing.parquet", TABLE.slice(0, 2))
    assert planned.to_arrow().column("id").to_pylist() == [1, 2]


def test_scan_of_missing_path_fails_early(lake: str, bucket: str) -> None:
    with pytest.raises(ff.PathNotFoundError, match="missing") as raised:
        ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/missing/*.parquet", connection_name=lake)
    # Catchable as "not found" in general and as Python's own FileNotFoundError,
    # never as a missing connection.
    assert isinstance(raised.value, ff.NotFoundError)
    assert isinstance(raised.value, FileNotFoundError)
    assert not isinstance(raised.value, ff.ConnectionNotFoundError)


def test_or_and_not_filter_in_polars(frame: ff.LazyFrame) -> None:
    either = frame.filter((ff.col("id") < 2) | (ff.col("city") == "Kyiv"))
    assert "then in polars: filter" in either.explain()
    assert either.to_arrow().column("id").to_pylist() == [1, 6]
    assert frame.filter(~(ff.col("id") > 2)).to_arrow().column("id").to_pylist() == [1, 2]


def test_unsupported_predicates_are_rejected() -> None:
    with pytest.raises(TypeError):
        ff.col("a") == None  # noqa: B015, E711
    with pytest.raises(TypeError):
        (ff.col("a") > 1) and (ff.col("b") > 1)


def test_frame_writes_parquet_with_options(frame: ff.LazyFrame, lake: str, bucket: str, s3_client: object) -> None:
    result = frame.write_parquet_to_cloud_storage(
        f"s3://{bucket}/out/zstd.parquet", connection_name=lake, compression="zstd", row_group_size=4
    )
    assert result.rows == TABLE.num_rows
    written = pq.ParquetFile(io.BytesIO(get_bytes(s3_client, bucket, "out/zstd.parquet")))
    assert written.read().equals(TABLE)
    assert written.metadata.num_row_groups == 2
    assert written.metadata.row_group(0).column(0).compression == "ZSTD"


def test_append_adds_part_files(frame: ff.LazyFrame, lake: str, bucket: str) -> None:
    for _ in range(2):
        frame.write_parquet_to_cloud_storage(f"s3://{bucket}/parts", connection_name=lake, write_mode="append")
    both = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/parts", connection_name=lake).to_arrow()
    assert both.num_rows == 2 * TABLE.num_rows


def test_module_writer_takes_pyarrow_table_and_polars_frame(lake: str, bucket: str) -> None:
    ff.write_parquet_to_cloud_storage(TABLE, f"s3://{bucket}/from-arrow.parquet", connection_name=lake)
    ff.write_parquet_to_cloud_storage(pl.from_arrow(TABLE), f"s3://{bucket}/from-polars.parquet", connection_name=lake)
    for key in ("from-arrow.parquet", "from-polars.parquet"):
        back = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/{key}", connection_name=lake).to_arrow()
        assert back.column("id").to_pylist() == TABLE.column("id").to_pylist()
        assert back.column("city").to_pylist() == TABLE.column("city").to_pylist()


@pytest.mark.parametrize("file_format", ["parquet", "csv", "json"])
def test_polars_strings_write_in_every_format(lake: str, bucket: str, file_format: str) -> None:
    # polars hands strings over as Arrow string_view, which Arrow's CSV writer lacks.
    frame = pl.DataFrame({"name": ["ada", "grace", "linus"], "n": [1, 2, 3]})
    assert pa.RecordBatchReader.from_stream(frame).schema.field("name").type == pa.string_view()
    path = f"s3://{bucket}/polars.{file_format}"
    getattr(ff, f"write_{file_format}_to_cloud_storage")(frame, path, connection_name=lake)
    scan = getattr(ff, f"scan_{file_format}_from_cloud_storage")
    assert scan(path, connection_name=lake).to_arrow().column("name").to_pylist() == ["ada", "grace", "linus"]


def test_column_the_format_cannot_hold_is_the_datas_error_not_the_storages(lake: str, bucket: str) -> None:
    nested = pa.table({"tags": pa.array([["a", "b"], ["c"]], pa.list_(pa.string()))})
    with pytest.raises(ff.InvalidArgumentError, match="cannot be written as csv") as raised:
        ff.write_csv_to_cloud_storage(nested, f"s3://{bucket}/nested.csv", connection_name=lake)
    assert "S3" not in str(raised.value)


def test_module_writer_rejects_objects_without_arrow_stream(lake: str, bucket: str) -> None:
    with pytest.raises(TypeError, match="__arrow_c_stream__"):
        ff.write_parquet_to_cloud_storage([1, 2, 3], f"s3://{bucket}/x.parquet", connection_name=lake)  # type: ignore[arg-type]


def test_csv_round_trip_with_options(frame: ff.LazyFrame, lake: str, bucket: str, s3_client: object) -> None:
    frame.select("id", "city").write_csv_to_cloud_storage(f"s3://{bucket}/out.csv", connection_name=lake, delimiter=";")
    text = get_bytes(s3_client, bucket, "out.csv").decode()
    assert text.splitlines()[0].replace('"', "") == "id;city"
    back = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/out.csv", connection_name=lake, delimiter=";").to_arrow()
    assert back.column("id").to_pylist() == TABLE.column("id").to_pylist()


def test_csv_scan_without_header_and_custom_quote(lake: str, bucket: str, s3_client: object) -> None:
    s3_client.put_object(Bucket=bucket, Key="raw.csv", Body=b"1|'a|b'\n2|'c'\n")  # type: ignore[attr-defined]
    table = ff.scan_csv_from_cloud_storage(
        f"s3://{bucket}/raw.csv", connection_name=lake, delimiter="|", has_header=False, quote="'"
    ).to_arrow()
    assert table.num_rows == 2
    assert table.column(1).to_pylist() == ["a|b", "c"]


def test_csv_scan_transcodes_latin1(lake: str, bucket: str, s3_client: object) -> None:
    body = "name\nZürich\n".encode("latin-1")
    s3_client.put_object(Bucket=bucket, Key="latin.csv", Body=body)  # type: ignore[attr-defined]
    table = ff.scan_csv_from_cloud_storage(
        f"s3://{bucket}/latin.csv", connection_name=lake, encoding="latin1"
    ).to_arrow()
    assert table.column("name").to_pylist() == ["Zürich"]


def test_json_round_trip(frame: ff.LazyFrame, lake: str, bucket: str) -> None:
    frame.select("id", "city").write_json_to_cloud_storage(f"s3://{bucket}/out.json", connection_name=lake)
    back = ff.scan_json_from_cloud_storage(f"s3://{bucket}/out.json", connection_name=lake).to_arrow()
    assert back.column("id").to_pylist() == TABLE.column("id").to_pylist()
    assert back.column("city").to_pylist() == TABLE.column("city").to_pylist()


def test_frames_collect_from_several_threads(frame: ff.LazyFrame) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=4) as pool:
        tables = list(pool.map(lambda n: frame.head(n).to_arrow(), range(1, 7)))
    assert [table.num_rows for table in tables] == [1, 2, 3, 4, 5, 6]
