"""sort, rename and simple with_columns run in the C++ engine where it gives polars' result, embedded and on a server.

Each frame here is compared with polars running the same calls on the same
rows (nulls, ties, NaN, division by zero and the types division gives);
``explain`` says which part ran where. In server mode the steps are calls
the server's engine runs, so its description names them too.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

import flowfile as ff
from conftest import emulator_connection, use_server

LAKE = "data-lake"
TABLE = pa.table(
    {
        "id": pa.array([3, 1, None, 2, 1, 5, 2, 3], pa.int64()),
        "city": ["Oslo", "Lima", None, "Oslo", "Lima", None, "Rome", "Oslo"],
        "amount": pa.array([10.0, 20.0, 30.0, None, 20.0, float("nan"), 7.5, 10.0], pa.float64()),
        "qty": pa.array([2, 0, 3, 4, 0, 1, None, 0], pa.int64()),
        "small": pa.array([1, 2, 3, 4, 5, 6, 7, 8], pa.int32()),
        "weight": pa.array([0.5, 1.0, None, 2.0, 0.0, 1.5, 3.0, 0.5], pa.float32()),
    }
)
Calls = Callable[[Any], Any]


@pytest.fixture(params=["embedded", "server"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where frames run: the embedded engine, or a `flowfile serve` as alice."""
    if request.param == "server":
        use_server(monkeypatch, request.getfixturevalue("server"), request.getfixturevalue("tokens")["alice"])
    return str(request.param)


@pytest.fixture
def scan(mode: str, bucket: str, s3_client: Any, s3_endpoint: str, canary: str) -> Callable[[pa.Table], ff.LazyFrame]:
    """A reader of a table put on the emulator, through a connection where `mode` runs frames."""
    ff.create_cloud_storage_connection(emulator_connection(LAKE, s3_endpoint, canary))

    def scan_table(table: pa.Table) -> ff.LazyFrame:
        buffer = io.BytesIO()
        pq.write_table(table, buffer, row_group_size=3)
        key = f"t{table.num_rows}.parquet"
        s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
        return ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/{key}", connection_name=LAKE)

    return scan_table


@pytest.fixture
def frame(scan: Callable[[pa.Table], ff.LazyFrame]) -> ff.LazyFrame:
    return scan(TABLE)


def same_as_polars(frame: ff.LazyFrame, calls: Calls, expected: Calls | None = None) -> ff.LazyFrame:
    """calls(frame) collected equals polars' (expected or calls) on the same rows; returns calls(frame)."""
    result = calls(frame)
    wanted = (expected or calls)(pl.from_arrow(TABLE).lazy()).collect()  # type: ignore[union-attr]
    assert_frame_equal(result.collect(), wanted)
    assert_frame_equal(pl.from_arrow(result.to_arrow()), wanted)  # type: ignore[arg-type]
    assert result.schema == wanted.schema, "the schema comes from metadata, the same as the rows'"
    return result  # type: ignore[no-any-return]


def test_sort_with_nulls_last_runs_in_the_engine_stable_on_ties(frame: ff.LazyFrame) -> None:
    def ascending(f: Any) -> Any:
        return f.sort("id", nulls_last=True)

    sorted_frame = same_as_polars(frame, ascending, lambda f: f.sort("id", nulls_last=True, maintain_order=True))
    assert "then in the engine: sort by id" in sorted_frame.explain()
    assert "polars" not in sorted_frame.explain()

    def by_two(f: Any) -> Any:
        return f.sort(["city", "id"], descending=[True, False], nulls_last=True)

    two_keys = same_as_polars(
        frame, by_two, lambda f: f.sort(["city", "id"], descending=[True, False], nulls_last=True, maintain_order=True)
    )
    assert "sort by city descending, id" in two_keys.explain()
    # A limit right after a sort keeps the first rows only, ties in their order.
    top = same_as_polars(
        frame,
        lambda f: f.sort("city", nulls_last=True).head(4),
        lambda f: f.sort("city", nulls_last=True, maintain_order=True).head(4),
    )
    assert top.explain().endswith("then in the engine: sort by city; limit 4")
    # NaN after every number, then nulls: the same in both when ascending.
    same_as_polars(frame, lambda f: f.sort("amount", nulls_last=True, maintain_order=True))


def test_sorts_the_engine_would_order_differently_stay_in_polars(frame: ff.LazyFrame) -> None:
    nulls_first = same_as_polars(frame, lambda f: f.sort("id", maintain_order=True))
    assert "then in polars: sort" in nulls_first.explain()
    assert "engine" not in nulls_first.explain()
    nan_first = same_as_polars(frame, lambda f: f.sort("amount", descending=True, nulls_last=True, maintain_order=True))
    assert "then in polars: sort" in nan_first.explain()
    by_expression = same_as_polars(frame, lambda f: f.sort(ff.col("qty") * -1, nulls_last=True, maintain_order=True))
    assert "then in polars: sort" in by_expression.explain()


def test_rename_runs_in_the_engine(frame: ff.LazyFrame) -> None:
    renamed = same_as_polars(frame, lambda f: f.rename({"id": "key", "city": "town"}))
    assert "then in the engine: rename id to key, city to town" in renamed.explain()
    same_as_polars(frame, lambda f: f.rename({"id": "city", "city": "id"}))  # a swap
    assert "then in polars: rename" in frame.rename(str.upper).explain()  # a function: polars


def test_with_columns_of_column_arithmetic_runs_in_the_engine(frame: ff.LazyFrame) -> None:
    def computed(f: Any) -> Any:
        return f.with_columns(
            (ff.col("amount") * 2).alias("double"),
            (ff.col("id") / ff.col("qty")).alias("ratio"),  # int / int: float64, with x/0 = inf and 0/0 = NaN
            ff.col("id") + ff.col("qty"),  # replaces id, in its place (after ratio read it)
            less=ff.col("amount") - 1.5,
        )

    result = same_as_polars(frame, computed)
    assert "add column double = amount * 2; add column ratio = id / qty; add column id = id + qty" in result.explain()
    assert "polars" not in result.explain()
    assert result.schema["ratio"] == pl.Float64
    assert result.collect()["ratio"].to_list()[:2] == [1.5, float("inf")]


def test_with_columns_whose_types_or_reads_differ_stay_in_polars(frame: ff.LazyFrame) -> None:
    kept = same_as_polars(frame, lambda f: f.with_columns(ff.col("small") + 1))  # Int32 in both
    assert "then in the engine: add column small = small + 1" in kept.explain()
    # polars divides Float32 columns in Float32; the engine divides in float64.
    widened = same_as_polars(frame, lambda f: f.with_columns(half=ff.col("weight") / ff.col("weight")))
    assert "then in polars: with_columns" in widened.explain()
    # Both read the id before the call; in turn, the second would read the first's.
    chained = same_as_polars(frame, lambda f: f.with_columns(ff.col("id") * 2, (ff.col("id") + 1).alias("next")))
    assert "then in polars: with_columns" in chained.explain()
    mixed = same_as_polars(frame, lambda f: f.with_columns((ff.col("id") * 2).abs().alias("x")))
    assert "then in polars: with_columns" in mixed.explain()


def test_select_filter_and_limit_after_an_engine_step_run_in_the_engine(frame: ff.LazyFrame) -> None:
    def calls(f: Any) -> Any:
        return f.sort("id", nulls_last=True).filter(ff.col("id") > 1).select("id", "city").head(3)

    def in_polars(f: Any) -> Any:
        return f.sort("id", nulls_last=True, maintain_order=True).filter(pl.col("id") > 1).select("id", "city").head(3)

    result = same_as_polars(frame, calls, in_polars)
    assert result.explain().endswith("then in the engine: sort by id; filter id > 1; select id, city; limit 3")
    # A polars step ends the engine's part: what follows runs in polars.
    after = frame.rename({"id": "key"}).unique().sort("key", nulls_last=True)
    assert after.explain().endswith("then in the engine: rename id to key; then in polars: unique, sort")


def test_columns_of_engine_steps_come_from_metadata(frame: ff.LazyFrame) -> None:
    planned = frame.rename({"id": "key"}).with_columns(half=ff.col("qty") / 2).select("key", "half")
    assert planned.columns == ["key", "half"]
    assert planned.schema == pl.Schema({"key": pl.Int64, "half": pl.Float64})


def test_engine_steps_stream_every_row(scan: Callable[[pa.Table], ff.LazyFrame]) -> None:
    rows = 5000  # more than a preview's 1000
    table = pa.table({"id": pa.array(range(rows), pa.int64()), "value": pa.array(range(rows), pa.float64())})
    frame = scan(table).with_columns(twice=ff.col("value") * 2).rename({"id": "key"})
    batches = frame.to_batches()
    assert sum(batch.num_rows for batch in batches) == rows
    assert frame.collect()["twice"].sum() == 2 * sum(range(rows))
    assert frame.sort("key", descending=True, nulls_last=True).head(1).collect()["key"].to_list() == [rows - 1]


def test_a_missing_column_in_a_step_raises_the_engines_error(frame: ff.LazyFrame) -> None:
    with pytest.raises(ff.InvalidArgumentError, match="Column 'nope' is not in the rows here"):
        frame.rename({"nope": "x"}).collect()


def test_a_frame_with_engine_steps_saves_as_a_flow_and_opens_the_same(lake: str, bucket: str, s3_client: Any) -> None:
    # Saved flows are the embedded engine's (flows.py), so this runs embedded only.
    buffer = io.BytesIO()
    pq.write_table(TABLE, buffer)
    s3_client.put_object(Bucket=bucket, Key="t.parquet", Body=buffer.getvalue())
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/t.parquet", connection_name=lake)
    planned = (
        frame.filter(ff.col("qty") >= 0)
        .sort("id", descending=True, nulls_last=True)
        .rename({"city": "town"})
        .with_columns(total=ff.col("amount") * ff.col("qty"))
        .head(4)
    )
    planned.save_as_flow("engine steps")
    nodes = ff.get_flow("engine steps").document["nodes"]  # type: ignore[index]
    assert [node["kind"] for node in nodes] == ["reader", "filter", "sort", "rename", "add_column", "limit"]
    assert nodes[4]["settings"] == {
        "name": "total",
        "column": "amount",
        "op": "multiply",
        "value": "",
        "operand_column": "qty",
    }
    opened = ff.open_flow("engine steps")
    assert opened.explain() == planned.explain()
    assert_frame_equal(opened.collect(), planned.collect())
    with pytest.raises(ff.InvalidArgumentError, match="unique runs in polars"):
        planned.unique().save_as_flow("not engine")
