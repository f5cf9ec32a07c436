"""Paths as users write them, with scan_mode left out: an object, a folder with or without '/', and globs.

'**' matches any number of folders, none included, as in polars and fsspec.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff


def put(s3_client: Any, bucket: str, key: str, first_id: int) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": [first_id, first_id + 1]}), buffer)
    s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())


@pytest.fixture
def tree(bucket: str, s3_client: Any) -> str:
    """data/a.parquet, data/x/b.parquet, data/x/y/c.parquet, and data/x/notes.csv."""
    put(s3_client, bucket, "data/a.parquet", 0)
    put(s3_client, bucket, "data/x/b.parquet", 10)
    put(s3_client, bucket, "data/x/y/c.parquet", 20)
    s3_client.put_object(Bucket=bucket, Key="data/x/notes.csv", Body=b"id\n99\n")
    return bucket


@pytest.mark.parametrize(
    ("path", "ids"),
    [
        ("data/**/*.parquet", [0, 1, 10, 11, 20, 21]),
        ("data/x/**/*.parquet", [10, 11, 20, 21]),
        ("data/**/c.parquet", [20, 21]),
        ("data/*.parquet", [0, 1]),
        ("data/*/*.parquet", [10, 11]),
        ("data/a.parquet", [0, 1]),
        ("data/x/y", [20, 21]),
        ("data/x/y/", [20, 21]),
    ],
)
def test_scan_reads_what_the_path_names(lake: str, tree: str, path: str, ids: list[int]) -> None:
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{tree}/{path}", connection_name=lake)
    assert sorted(frame.to_arrow().column("id").to_pylist()) == ids


def test_double_star_glob_with_every_reader(lake: str, tree: str) -> None:
    csv = ff.read_from_cloud_storage(f"s3://{tree}/**/*.csv", file_format="csv", connection_name=lake)
    assert csv.to_arrow().column("id").to_pylist() == [99]
