"""The frame a Flowfile user expects: polars results, schema, count, sort, unique, with_columns, group_by, joins.

Projection, filters and limits reach the C++ reader; the other methods run
in polars on what it returns, and ``explain`` says which is which.
"""

from __future__ import annotations

import io
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

import flowfile as ff

TABLE = pa.table(
    {
        "id": pa.array([3, 1, 2, 4, 2], pa.int64()),
        "city": ["Oslo", "Lima", None, "Oslo", None],
        "amount": [10.0, 20.0, 30.0, 40.0, 30.0],
    }
)


@pytest.fixture
def frame(lake: str, bucket: str, s3_client: Any) -> ff.LazyFrame:
    buffer = io.BytesIO()
    pq.write_table(TABLE, buffer)
    s3_client.put_object(Bucket=bucket, Key="sales.parquet", Body=buffer.getvalue())
    return ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/sales.parquet", connection_name=lake)


def test_collect_is_polars_to_arrow_is_pyarrow_and_the_capsule_stays(frame: ff.LazyFrame) -> None:
    assert isinstance(frame.collect(), pl.DataFrame)
    assert isinstance(frame.to_arrow(), pa.Table)
    assert pa.table(frame).equals(TABLE)
    sorted_frame = frame.sort("id")
    assert pa.table(sorted_frame).column("id").to_pylist() == [1, 2, 2, 3, 4]  # a polars step, through the capsule


def test_schema_columns_dtypes_and_width_read_no_rows(frame: ff.LazyFrame) -> None:
    assert frame.schema == pl.Schema({"id": pl.Int64, "city": pl.String, "amount": pl.Float64})
    assert frame.columns == ["id", "city", "amount"]
    assert frame.dtypes == [pl.Int64, pl.String, pl.Float64]
    assert frame.width == 3
    computed = frame.with_columns((ff.col("amount") * 2).alias("double"))
    assert computed.columns == ["id", "city", "amount", "double"]
    assert computed.schema["double"] == pl.Float64


def test_count_gives_non_null_counts_per_column_as_polars(frame: ff.LazyFrame) -> None:
    counted = frame.count().collect()
    assert counted.to_dicts() == [{"id": 5, "city": 3, "amount": 5}]


def test_sort_unique_and_head_after_them_run_in_polars(frame: ff.LazyFrame) -> None:
    top = frame.sort("amount", descending=True).head(2)
    assert "then in polars: sort, head" in top.explain()
    assert top.collect()["amount"].to_list() == [40.0, 30.0]
    distinct = frame.unique(maintain_order=True)
    assert distinct.collect().height == 4
    assert frame.unique(subset=["city"]).collect().height == 3
    assert frame.sort(ff.col("city"), "id", nulls_last=True).collect()["id"].to_list() == [1, 3, 4, 2, 2]


def test_select_filter_head_are_pushed_down_before_polars_steps(frame: ff.LazyFrame) -> None:
    planned = frame.select("id", "amount").filter(ff.col("amount") > 15, id=2).head(1)
    assert "polars" not in planned.explain()
    assert planned.collect().to_dicts() == [{"id": 2, "amount": 30.0}]


def test_with_columns_takes_simple_expressions(frame: ff.LazyFrame) -> None:
    result = (
        frame.with_columns(
            (ff.col("amount") * 2).alias("double"),
            (ff.col("id") > 2).alias("big"),
            label=ff.lit("x"),
            upper=ff.col("city").str.to_uppercase(),
        )
        .sort("id")
        .collect()
    )
    assert result["double"].to_list() == [40.0, 60.0, 60.0, 20.0, 80.0]
    assert result["big"].to_list() == [False, False, False, True, True]
    assert result["label"].to_list() == ["x"] * 5
    assert result["upper"].to_list() == ["LIMA", None, None, "OSLO", "OSLO"]


def test_select_and_filter_take_polars_expressions(frame: ff.LazyFrame) -> None:
    picked = frame.select(ff.col("id"), (ff.col("amount") / 10).alias("tens")).filter(pl.col("tens") >= 3)
    assert picked.sort("id").collect().to_dicts() == [
        {"id": 2, "tens": 3.0},
        {"id": 2, "tens": 3.0},
        {"id": 4, "tens": 4.0},
    ]


def test_group_by_agg_as_in_flowfiles_cloud_storage_example(frame: ff.LazyFrame, lake: str, bucket: str) -> None:
    # docs/examples/integrations/cloud_storage_s3.py of Flowfile: group, aggregate, write, read back.
    by_city = frame.filter(ff.col("city").is_not_null()).group_by("city").agg(ff.col("amount").sum().alias("total"))
    path = f"s3://{bucket}/by_city.parquet"
    by_city.write_parquet_to_cloud_storage(path, connection_name=lake)
    reloaded = ff.scan_parquet_from_cloud_storage(path, connection_name=lake).collect()
    assert reloaded.height == 2
    assert_frame_equal(by_city.collect().sort("city"), reloaded.sort("city"), check_row_order=False)
    assert {row["city"]: row["total"] for row in reloaded.to_dicts()} == {"Oslo": 50.0, "Lima": 20.0}


def test_join_and_other_polars_transforms(frame: ff.LazyFrame, lake: str, bucket: str) -> None:
    ff.write_parquet_to_cloud_storage(
        pa.table({"city": ["Oslo", "Lima"], "country": ["NO", "PE"]}), f"s3://{bucket}/cities.parquet", lake
    )
    cities = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/cities.parquet", connection_name=lake)
    joined = frame.join(cities, on="city", how="inner").drop("amount").rename({"country": "cc"}).sort("id")
    assert joined.collect().to_dicts() == [
        {"id": 1, "city": "Lima", "cc": "PE"},
        {"id": 3, "city": "Oslo", "cc": "NO"},
        {"id": 4, "city": "Oslo", "cc": "NO"},
    ]
    assert frame.with_row_index().tail(1).collect()["index"].to_list() == [4]


def test_unknown_methods_name_the_way_to_polars(frame: ff.LazyFrame) -> None:
    with pytest.raises(AttributeError, match=r"\.collect\(\)"):
        frame.sink_parquet("out.parquet")  # type: ignore[attr-defined]


def test_steps_leave_the_original_frame_unchanged(frame: ff.LazyFrame) -> None:
    frame.sort("id").unique().with_columns(x=ff.lit(1))
    assert frame.collect().equals(pl.from_arrow(TABLE))
    assert "polars" not in frame.explain()
