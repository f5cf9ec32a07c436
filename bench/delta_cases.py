"""The Delta table cases of the cloud I/O benchmark, for our package and its peers (deltalake, polars).

The read table (DELTA) is written once by PyPI's deltalake: version 0 holds the
big table, version 1 appends a twentieth more rows, so reading the latest
version and reading version 0 return different row counts (both checked).
The write cases each go to a table of their tool's own: append adds a
twentieth of the big table per run (the first run creates the table), and
overwrite replaces the whole big table, partitioned by `part` (8 values).
"""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc
from bench_common import CASES, KEY_ID, SECRET

DELTA = "bench/delta"
PARTS = 8
DELTA_CASES = [case for case in CASES if case.startswith("delta-")]


def storage_options(endpoint: str) -> dict[str, str]:
    """How deltalake and polars reach the benchmark's S3 server."""
    return {
        "AWS_ACCESS_KEY_ID": KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ALLOW_HTTP": "true",
        "AWS_S3_ALLOW_UNSAFE_RENAME": "true",
    }


def appended(big: pa.Table) -> pa.Table:
    return big.slice(0, big.num_rows // 20)


def partitioned(big: pa.Table) -> pa.Table:
    return big.append_column("part", pc.cast(pc.bit_wise_and(big.column("id"), PARTS - 1), pa.int32()))


def setup(endpoint: str, big: pa.Table) -> dict[str, int]:
    """Write the read table (two versions) with deltalake; the row count each read case must return."""
    import deltalake

    options = storage_options(endpoint)
    deltalake.write_deltalake(f"s3://{DELTA}", big, mode="overwrite", storage_options=options)
    deltalake.write_deltalake(f"s3://{DELTA}", appended(big), mode="append", storage_options=options)
    return {"delta-latest": big.num_rows + appended(big).num_rows, "delta-version": big.num_rows}


def ours(ff: object, connection: str, big: pa.Table, tag: str) -> dict[str, Callable[[], object]]:
    """Our package's public Delta API (scan_delta, write_to_cloud_storage with file_format delta)."""
    more, parts = appended(big), partitioned(big)

    def write(data: pa.Table, path: str, **options: object) -> object:
        return ff.write_to_cloud_storage(  # type: ignore[attr-defined]
            data, f"s3://bench/{path}-{tag}", file_format="delta", connection_name=connection, **options
        )

    return {
        "delta-latest": lambda: ff.scan_delta(f"s3://{DELTA}", connection_name=connection).to_arrow(),  # type: ignore[attr-defined]
        "delta-version": lambda: ff.scan_delta(f"s3://{DELTA}", connection_name=connection, version=0).to_arrow(),  # type: ignore[attr-defined]
        "delta-append": lambda: write(more, "delta-append", write_mode="append"),
        "delta-overwrite": lambda: write(parts, "delta-parts", write_mode="overwrite", partition_by=["part"]),
    }


def deltalake_runners(endpoint: str, big: pa.Table) -> dict[str, Callable[[], object]]:
    """PyPI's deltalake (delta-rs) reading to pyarrow and writing from it."""
    import deltalake

    options = storage_options(endpoint)
    more, parts = appended(big), partitioned(big)
    table = f"s3://{DELTA}"
    return {
        "delta-latest": lambda: deltalake.DeltaTable(table, storage_options=options).to_pyarrow_table(),
        "delta-version": lambda: deltalake.DeltaTable(table, version=0, storage_options=options).to_pyarrow_table(),
        "delta-append": lambda: deltalake.write_deltalake(
            "s3://bench/delta-append-deltalake", more, mode="append", storage_options=options
        ),
        "delta-overwrite": lambda: deltalake.write_deltalake(
            "s3://bench/delta-parts-deltalake", parts, mode="overwrite", partition_by=["part"], storage_options=options
        ),
    }


def polars_runners(endpoint: str, big: pa.Table) -> dict[str, Callable[[], object]]:
    """polars.scan_delta and DataFrame.write_delta (which write through deltalake)."""
    import polars as pl

    options = storage_options(endpoint)
    more, parts = pl.from_arrow(appended(big)), pl.from_arrow(partitioned(big))
    table = f"s3://{DELTA}"
    return {
        "delta-latest": lambda: pl.scan_delta(table, storage_options=options).collect(),
        "delta-version": lambda: pl.scan_delta(table, version=0, storage_options=options).collect(),
        "delta-append": lambda: more.write_delta(  # type: ignore[union-attr]
            "s3://bench/delta-append-polars", mode="append", storage_options=options
        ),
        "delta-overwrite": lambda: parts.write_delta(  # type: ignore[union-attr]
            "s3://bench/delta-parts-polars",
            mode="overwrite",
            storage_options=options,
            delta_write_options={"partition_by": ["part"]},
        ),
    }
