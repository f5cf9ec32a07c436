"""Request budgets of the reader and writer on S3: counts of requests, not timings.

Every request goes through the benchmark's counting proxy (bench/s3_counting_proxy.py)
in front of the moto emulator, so each test states how many GETs, HEADs and PUTs
a read or write may cost. Object stores bill and wait per request: a HEAD for a
size the listing already gave, or a footer read twice, is a round trip lost.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff
from conftest import ROOT, emulator_connection

sys.path.insert(0, str(ROOT / "bench"))
from s3_counting_proxy import CountingProxy

CONNECTION = "counted"
ROWS = 50_000


@pytest.fixture
def proxy(s3_endpoint: str) -> Iterator[CountingProxy]:
    """A counting proxy in front of the emulator, with a stored connection through it."""
    with CountingProxy(s3_endpoint) as counting:
        ff.create_cloud_storage_connection(emulator_connection(CONNECTION, counting.endpoint, "testing"))
        yield counting


def table(rows: int = ROWS) -> pa.Table:
    """Four 8-byte columns: a table of `rows` rows."""
    return pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "a": pa.array(range(rows), pa.int64()),
            "x": pa.array([float(i) for i in range(rows)]),
            "y": pa.array([float(-i) for i in range(rows)]),
        }
    )


def put_parquet(s3_client: object, bucket: str, key: str, rows: int = ROWS) -> int:
    """Upload one Parquet file of one row group straight to the emulator (not counted); its size in bytes."""
    buffer = io.BytesIO()
    pq.write_table(table(rows), buffer, row_group_size=rows)
    s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())  # type: ignore[attr-defined]
    return len(buffer.getvalue())


def test_projected_read_of_a_listed_file_costs_three_gets_and_no_head(
    proxy: CountingProxy, s3_client: object, bucket: str
) -> None:
    put_parquet(s3_client, bucket, "folder/part-0.parquet")
    proxy.reset()
    result = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder/", connection_name=CONNECTION)
    result = result.select("x").to_arrow()
    counts = proxy.counts()
    assert result.num_rows == ROWS
    assert result.column_names == ["x"]
    assert counts["HEAD"] == 0, counts  # the listing gave the size
    # The budget is 3; the footer once (not again for the row-group split) and the column once.
    assert counts["GET"] <= 2, counts
    assert counts["LIST"] == 1, counts


def test_projected_read_of_one_object_costs_two_heads_and_three_gets(
    proxy: CountingProxy, s3_client: object, bucket: str
) -> None:
    put_parquet(s3_client, bucket, "one.parquet")
    proxy.reset()
    result = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/one.parquet", connection_name=CONNECTION)
    result = result.select("x").to_arrow()
    counts = proxy.counts()
    assert result.num_rows == ROWS
    # One HEAD plans (an object, not a folder, and its size), one checks it when
    # the plan runs (a replaced object is read as it is then); no HEAD per open.
    assert counts["HEAD"] == 2, counts
    assert counts["GET"] <= 3, counts


def test_small_object_is_read_with_one_get(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    size = put_parquet(s3_client, bucket, "small.parquet", rows=1_000)
    assert size < 1 << 20  # small: footer and data come in one GET
    proxy.reset()
    result = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/small.parquet", connection_name=CONNECTION).to_arrow()
    counts = proxy.counts()
    assert result.num_rows == 1_000
    # Fetched whole when its schema is read; the scan reads the same bytes again.
    assert counts["GET"] == 1, counts
    assert counts["GET_BYTES"] == size, counts


def test_folder_of_small_files_costs_one_get_per_file(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    for i in range(5):
        put_parquet(s3_client, bucket, f"many/part-{i}.parquet", rows=1_000)
    proxy.reset()
    result = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/many/", connection_name=CONNECTION)
    result = result.select("x").to_arrow()
    counts = proxy.counts()
    assert result.num_rows == 5_000
    assert (counts["LIST"], counts["HEAD"], counts["GET"]) == (1, 0, 5), counts


def test_folder_named_without_slash_costs_one_probe(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    put_parquet(s3_client, bucket, "folder/part-0.parquet")
    proxy.reset()
    result = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder", connection_name=CONNECTION).to_arrow()
    counts = proxy.counts()
    assert result.num_rows == ROWS
    # Without the slash one HEAD and one listing ask whether "folder" is an object.
    assert (counts["HEAD"], counts["LIST"]) == (1, 2), counts
    assert counts["GET"] <= 3, counts


def test_limited_read_costs_no_head_when_listed(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    put_parquet(s3_client, bucket, "folder/part-0.parquet")
    proxy.reset()
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder/", connection_name=CONNECTION)
    result = frame.select("x").head(10).to_arrow()
    counts = proxy.counts()
    assert result.num_rows == 10
    assert counts["HEAD"] == 0, counts
    assert counts["GET"] <= 3, counts


def test_object_under_ten_mib_is_written_with_one_put(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    data = table(200_000)  # about 6 MB of Parquet, under one 10 MiB part
    proxy.reset()
    written = ff.write_parquet_to_cloud_storage(data, f"s3://{bucket}/out.parquet", CONNECTION)
    counts = proxy.counts()
    assert written is not None
    assert counts["PUT"] == 1, counts
    assert counts["POST"] == 0, counts  # no multipart upload created or completed
    body = s3_client.get_object(Bucket=bucket, Key="out.parquet")["Body"].read()  # type: ignore[attr-defined]
    assert pq.read_table(io.BytesIO(body)).num_rows == 200_000


def test_proxy_counts_by_kind(proxy: CountingProxy, s3_client: object, bucket: str) -> None:
    """The proxy itself: a listing, a HEAD and a GET are told apart (so the budgets above can fail)."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=proxy.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3_client.put_object(Bucket=bucket, Key="k", Body=b"hello")  # type: ignore[attr-defined]
    proxy.reset()
    client.list_objects_v2(Bucket=bucket)
    client.head_object(Bucket=bucket, Key="k")
    assert client.get_object(Bucket=bucket, Key="k")["Body"].read() == b"hello"
    client.put_object(Bucket=bucket, Key="k2", Body=b"x")
    counts = proxy.counts()
    assert (counts["LIST"], counts["HEAD"], counts["GET"], counts["PUT"]) == (1, 1, 1, 1), counts
    assert counts["GET_BYTES"] == 5
