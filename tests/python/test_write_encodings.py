"""The Parquet writer picks encodings by the data: no dictionary for mostly distinct columns.

Arrow tries a dictionary for every column and drops it once it outgrows its
page; for mostly distinct values that work is wasted (it was three quarters
of the encoding time of random numbers) and the abandoned dictionary page
stays in the file. Columns with few distinct values keep their dictionary.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

import flowfile as ff


def test_distinct_columns_are_written_plain_and_repeated_ones_with_a_dictionary(
    lake: str, s3_client: object, bucket: str
) -> None:
    rows = 100_000
    data = pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "x": pa.array([i * 0.618 for i in range(rows)], pa.float64()),
            "kind": pa.array(["a", "b", "c", "d"] * (rows // 4)),
            "small": pa.array([i % 7 for i in range(rows)], pa.int32()),
        }
    )
    ff.write_parquet_to_cloud_storage(data, f"s3://{bucket}/out.parquet", lake)
    body = s3_client.get_object(Bucket=bucket, Key="out.parquet")["Body"].read()  # type: ignore[attr-defined]
    metadata = pq.ParquetFile(io.BytesIO(body)).metadata
    group = metadata.row_group(0)
    encodings = {group.column(i).path_in_schema: set(group.column(i).encodings) for i in range(group.num_columns)}
    assert "RLE_DICTIONARY" not in encodings["id"], encodings
    assert "RLE_DICTIONARY" not in encodings["x"], encodings
    assert "RLE_DICTIONARY" in encodings["kind"], encodings
    assert "RLE_DICTIONARY" in encodings["small"], encodings
    assert pq.read_table(io.BytesIO(body)).equals(data)
