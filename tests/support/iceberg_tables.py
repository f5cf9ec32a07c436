"""Iceberg tables made by PyPI's pyiceberg on the S3 emulator, for reading back through flowfile.

A SQL catalog on SQLite in a temporary folder, its warehouse in a bucket.
pyiceberg is the independent writer and reader the tests compare against.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.table import Table

FIRST = pa.table(
    {
        "id": pa.array([1, 2, 3, 4], pa.int64()),
        "city": ["Oslo", "Lima", "Pune", "Oslo"],
        "score": [1.5, 2.5, 3.5, 4.5],
    }
)
SECOND = pa.table({"id": pa.array([5, 6], pa.int64()), "city": ["Kyiv", "Lima"], "score": [5.5, 0.5]})


@dataclass
class IcebergTable:
    """A table with two snapshots, as pyiceberg wrote it."""

    table: Table  # pyiceberg's handle, at its latest metadata
    first_snapshot: int  # after FIRST was appended
    second_snapshot: int  # after SECOND was appended
    first_metadata: str  # the .metadata.json written with the first snapshot

    @property
    def folder(self) -> str:
        """The table's folder, s3://bucket/warehouse/db/cities."""
        return self.table.location()


def catalog(folder: Path, bucket: str, endpoint: str, key_id: str, secret: str) -> SqlCatalog:
    return SqlCatalog(
        "flowfile-test",
        uri=f"sqlite:///{folder / 'catalog.db'}",
        warehouse=f"s3://{bucket}/warehouse",
        **{
            "s3.endpoint": endpoint,
            "s3.access-key-id": key_id,
            "s3.secret-access-key": secret,
            "s3.region": "us-east-1",
            "s3.force-virtual-addressing": "false",
        },
    )


def write_two_snapshots(folder: Path, bucket: str, endpoint: str, key_id: str, secret: str) -> IcebergTable:
    """Table db.cities with FIRST appended, then SECOND: two snapshots."""
    made = catalog(folder, bucket, endpoint, key_id, secret)
    made.create_namespace("db")
    table = made.create_table("db.cities", schema=FIRST.schema)
    table.append(FIRST)
    first = table.current_snapshot()
    assert first is not None
    first_metadata = table.metadata_location
    time.sleep(0.01)  # distinct snapshot times, for reads by time
    table.append(SECOND)
    second = table.current_snapshot()
    assert second is not None
    return IcebergTable(table, first.snapshot_id, second.snapshot_id, first_metadata)
