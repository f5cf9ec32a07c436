"""Iceberg tables written by PyPI's pyiceberg on the S3 emulator, read through a stored connection.

The current snapshot, a chosen one (by id, by time or by its metadata file),
projection and filters, each checked against pyiceberg's own read. Failing
paths are typed and checked for the connection's canary.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

import flowfile as ff
from conftest import Server, assert_exception_is_clean, emulator_connection, flowfile_binary, use_server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from iceberg_tables import FIRST, SECOND, IcebergTable, write_two_snapshots


@pytest.fixture
def cities(tmp_path: Path, bucket: str, s3_endpoint: str) -> IcebergTable:
    return write_two_snapshots(tmp_path, bucket, s3_endpoint, "testing", "testing")


def rows(table: Any) -> list[dict[str, Any]]:
    return sorted(pa.table(table).to_pylist(), key=lambda row: tuple(str(row[k]) for k in sorted(row)))


def test_the_current_snapshot_of_a_table_folder_is_what_pyiceberg_reads(lake: str, cities: IcebergTable) -> None:
    ours = ff.scan_iceberg(cities.folder, connection_name=lake).to_arrow()
    theirs = cities.table.scan().to_arrow()
    assert rows(ours) == rows(theirs) == rows(pa.concat_tables([FIRST, SECOND]))
    assert ours.schema.names == ["id", "city", "score"]


def test_a_snapshot_by_id_by_time_and_by_metadata_file(lake: str, cities: IcebergTable) -> None:
    theirs = cities.table.scan(snapshot_id=cities.first_snapshot).to_arrow()
    assert rows(theirs) == rows(FIRST)
    by_id = ff.scan_iceberg(cities.folder, connection_name=lake, snapshot_id=cities.first_snapshot)
    assert rows(by_id.to_arrow()) == rows(theirs)
    assert f"(snapshot {cities.first_snapshot})" in by_id.explain()

    first = cities.table.snapshot_by_id(cities.first_snapshot)
    assert first is not None
    at = datetime.fromtimestamp(first.timestamp_ms / 1000, UTC)
    by_time = ff.scan_iceberg(cities.folder, connection_name=lake, timestamp=at)
    assert rows(by_time.to_arrow()) == rows(FIRST)

    by_file = ff.scan_iceberg(cities.first_metadata, connection_name=lake)
    assert rows(by_file.to_arrow()) == rows(FIRST)
    via_format = ff.read_from_cloud_storage(
        cities.folder, file_format="iceberg", connection_name=lake, snapshot_id=cities.second_snapshot
    )
    assert rows(via_format.to_arrow()) == rows(cities.table.scan().to_arrow())


def test_projection_filters_and_limit_match_pyiceberg(lake: str, cities: IcebergTable) -> None:
    frame = ff.scan_iceberg(cities.folder, connection_name=lake, snapshot_id=cities.second_snapshot)
    ours = frame.filter((ff.col("score") > 2.0) & (ff.col("city") != "Pune")).select("city", "id").to_arrow()
    theirs = cities.table.scan(
        row_filter="score > 2.0 and city != 'Pune'",
        selected_fields=("city", "id"),
        snapshot_id=cities.second_snapshot,
    ).to_arrow()
    assert ours.schema.names == ["city", "id"]
    assert rows(ours) == rows(theirs) and len(theirs) == 3
    assert frame.filter(ff.col("city") == "Lima").limit(1).to_arrow().num_rows == 1


def test_bad_input_is_a_typed_error_without_the_secret(
    lake: str, cities: IcebergTable, bucket: str, canary: str
) -> None:
    with pytest.raises(ff.PathNotFoundError, match="not an Iceberg table") as not_a_table:
        ff.scan_iceberg(f"s3://{bucket}/warehouse/db/", connection_name=lake)
    with pytest.raises(ff.PathNotFoundError, match="not an Iceberg table") as no_file:
        ff.scan_iceberg(f"{cities.folder}/metadata/99999-none.metadata.json", connection_name=lake)
    unknown = cities.first_snapshot ^ cities.second_snapshot
    with pytest.raises(ff.InvalidArgumentError, match=f"snapshot {unknown}") as no_snapshot:
        ff.scan_iceberg(cities.folder, connection_name=lake, snapshot_id=unknown)
    assert no_snapshot.value.field == "snapshot_id"
    assert str(cities.first_snapshot) in str(no_snapshot.value)  # names the snapshots it has
    with pytest.raises(ff.InvalidArgumentError) as too_early:
        ff.scan_iceberg(cities.folder, connection_name=lake, timestamp="2001-01-01")
    assert too_early.value.field == "timestamp"
    with pytest.raises(ff.InvalidArgumentError, match="columns are id, city, score") as no_column:
        ff.scan_iceberg(cities.folder, connection_name=lake).select("nope").to_arrow()
    with pytest.raises(ff.InvalidArgumentError) as delta_only:
        ff.read_from_cloud_storage(cities.folder, file_format="iceberg", connection_name=lake, delta_version=1)
    with pytest.raises(ff.InvalidArgumentError, match="iceberg") as write:
        ff.write_to_cloud_storage(FIRST, f"{cities.folder}-copy", file_format="iceberg", connection_name=lake)
    for error in (not_a_table, no_file, no_snapshot, too_early, no_column, delta_only, write):
        assert_exception_is_clean(error.value, canary)
    # Nothing was written: pyiceberg still reads the table as it was.
    assert rows(cities.table.refresh().scan().to_arrow()) == rows(pa.concat_tables([FIRST, SECOND]))


def test_storage_errors_of_the_iceberg_reader_hold_no_secret(cities: IcebergTable, canary: str) -> None:
    ff.create_cloud_storage_connection(emulator_connection("dead", "http://127.0.0.1:9", canary))
    with pytest.raises(ff.FlowfileError) as failed:
        ff.scan_iceberg(cities.folder, connection_name="dead")
    assert_exception_is_clean(failed.value, canary)


def test_the_cli_reads_a_snapshot_as_csv(lake: str, cities: IcebergTable, canary: str) -> None:
    def cat(*extra: str) -> subprocess.CompletedProcess[str]:
        command = [str(flowfile_binary()), "cat", cities.folder, "-c", lake, "--format", "iceberg", *extra]
        return subprocess.run(command, capture_output=True, text=True, env=dict(os.environ), timeout=120)

    shown = cat("--snapshot-id", str(cities.first_snapshot), "--to", "csv")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.strip().splitlines()
    assert lines[0].replace('"', "") == "id,city,score" and len(lines) == 1 + FIRST.num_rows
    missing = cat("--snapshot-id", "1")
    assert missing.returncode != 0 and "snapshot 1" in missing.stderr
    assert canary not in missing.stderr + missing.stdout


def test_server_mode_reads_a_snapshot_through_the_server(
    cities: IcebergTable,
    s3_endpoint: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    canary: str,
) -> None:
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection("served-lake", s3_endpoint, canary))
    frame = ff.scan_iceberg(cities.folder, connection_name="served-lake", snapshot_id=cities.first_snapshot)
    assert rows(frame.filter(ff.col("id") > 1).to_arrow()) == rows(FIRST.filter(pc.field("id") > 1))
    with pytest.raises(ff.InvalidArgumentError) as unknown:
        ff.scan_iceberg(cities.folder, connection_name="served-lake", snapshot_id=1)
    assert unknown.value.field == "snapshot_id"
    assert_exception_is_clean(unknown.value, canary)
