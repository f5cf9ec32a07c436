"""Delta merges and Iceberg reads through Azure and GCS connections, on Azurite and fake-gcs-server.

On Azure (Azurite) the merges of tests/python/test_delta_merges.py (upsert,
update and delete by merge_keys), each read back by PyPI's deltalake. On GCS,
fake-gcs-server serves the XML API's reads and listings but not its uploads
(see tests/python/test_delta_clouds.py), which object_store speaks: so no
Delta write or merge can land there. The tests read what others wrote
through the JSON API (a Delta table deltalake wrote, copied by pyarrow; an
Iceberg table pyiceberg wrote) and check that a merge's refusal is typed,
holds no key and leaves the table as it was.
Connection credentials reach the table library as in-memory options only;
every error is checked for the connection's secret.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import deltalake
import pyarrow as pa
import pyarrow.fs as pafs
import pytest
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.table import Table

import flowfile as ff
from conftest import assert_exception_is_clean
from test_delta_clouds import (
    TABLE,
    Cloud,
    azure_cloud,
    deltalake_uri,
    endpoint,
    gcs_cloud,
)

CHANGES = pa.table({"id": [3, 5], "city": ["Rome", "Kyiv"], "score": [30.0, 50.0]})
SECOND = pa.table({"id": [5, 6], "city": ["Kyiv", "Lima"], "score": [5.5, 0.5]})


def by_id(rows: Any) -> dict[int, tuple[str, float]]:
    return {row["id"]: (row["city"], row["score"]) for row in pa.table(rows).to_pylist()}


def assert_both_read(cloud: Cloud, uri: str, expected: dict[int, tuple[str, float]]) -> deltalake.DeltaTable:
    assert by_id(ff.scan_delta(uri, connection_name=cloud.connection).to_arrow()) == expected
    theirs = deltalake.DeltaTable(deltalake_uri(uri), storage_options=cloud.deltalake_options)
    assert by_id(theirs.to_pyarrow_table()) == expected
    return theirs


def merge(cloud: Cloud, data: pa.Table, uri: str, mode: str) -> ff.WriteResult:
    return ff.write_to_cloud_storage(
        data, uri, file_format="delta", connection_name=cloud.connection, write_mode=mode, merge_keys=["id"]
    )


def test_upsert_update_and_delete_by_keys_on_azure() -> None:
    cloud = azure_cloud()
    uri = cloud.root + "tables/merged"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=cloud.connection, partition_by=["city"])

    assert (merge(cloud, CHANGES, uri, "upsert").version, 1) == (1, 1)
    expected = {1: ("Oslo", 1.5), 2: ("Lima", 2.5), 3: ("Rome", 30.0), 4: ("Oslo", 4.5), 5: ("Kyiv", 50.0)}
    assert assert_both_read(cloud, uri, expected).history(1)[0]["operation"] == "MERGE"

    updated = merge(cloud, pa.table({"id": [2, 9], "city": ["Lima", "Nowhere"], "score": [7.0, 9.0]}), uri, "update")
    assert (updated.version, updated.rows) == (2, 1)  # id 9 is not in the table: not inserted
    expected[2] = ("Lima", 7.0)
    assert assert_both_read(cloud, uri, expected).history(1)[0]["operation"] == "UPDATE"

    deleted = merge(cloud, pa.table({"id": [1, 5], "city": ["", ""], "score": [0.0, 0.0]}), uri, "delete")
    assert (deleted.version, deleted.rows) == (3, 2)
    del expected[1], expected[5]
    assert assert_both_read(cloud, uri, expected).history(1)[0]["operation"] == "DELETE"
    # Each version before a merge is still there, whole.
    assert by_id(ff.scan_delta(uri, connection_name=cloud.connection, version=0).to_arrow()) == by_id(TABLE)


def test_a_bad_merge_on_azure_leaves_the_table_and_holds_no_secret() -> None:
    cloud = azure_cloud()
    uri = cloud.root + "tables/guarded"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=cloud.connection)
    with pytest.raises(ff.InvalidArgumentError, match="nope") as missing_key:
        ff.write_to_cloud_storage(
            CHANGES,
            uri,
            file_format="delta",
            connection_name=cloud.connection,
            write_mode="upsert",
            merge_keys=["nope"],
        )
    with pytest.raises(ff.InvalidArgumentError) as no_keys:
        ff.write_to_cloud_storage(
            CHANGES, uri, file_format="delta", connection_name=cloud.connection, write_mode="delete"
        )
    for error in (missing_key.value, no_keys.value):
        assert_exception_is_clean(error, cloud.canary)
    theirs = deltalake.DeltaTable(deltalake_uri(uri), storage_options=cloud.deltalake_options)
    assert theirs.version() == 0 and by_id(theirs.to_pyarrow_table()) == by_id(TABLE)


def write_iceberg(folder: Path, warehouse: str, properties: dict[str, str]) -> tuple[Table, int, str]:
    """db.cities with TABLE, then SECOND appended; the table, its first snapshot and first metadata file."""
    made = SqlCatalog("flowfile-test", uri=f"sqlite:///{folder / 'catalog.db'}", warehouse=warehouse, **properties)
    made.create_namespace("db")
    table = made.create_table("db.cities", schema=TABLE.schema)
    table.append(TABLE)
    first = table.current_snapshot()
    assert first is not None
    first_metadata = table.metadata_location
    table.append(SECOND)
    return table, first.snapshot_id, first_metadata


def gcs_filesystem() -> pafs.GcsFileSystem:
    url = endpoint("FLOWFILE_TEST_GCS_ENDPOINT")
    return pafs.GcsFileSystem(
        anonymous=True, endpoint_override=url.split("://")[1], scheme="http", project_id="flowfile-test"
    )


def test_a_delta_table_on_gcs_is_read_and_a_merge_refused_cleanly(tmp_path: Path) -> None:
    cloud = gcs_cloud()
    local = tmp_path / "cities"
    deltalake.write_deltalake(str(local), TABLE, partition_by=["city"])
    deltalake.write_deltalake(str(local), SECOND, mode="append", partition_by=["city"])
    uri = cloud.root + "tables/cities"
    pafs.copy_files(str(local), uri[len("gs://") :], destination_filesystem=gcs_filesystem())

    assert by_id(ff.scan_delta(uri, connection_name=cloud.connection).to_arrow()) == by_id(
        pa.concat_tables([TABLE, SECOND])
    )
    assert by_id(ff.scan_delta(uri, connection_name=cloud.connection, version=0).to_arrow()) == by_id(TABLE)
    lima = ff.scan_delta(uri, connection_name=cloud.connection).filter(ff.col("city") == "Lima").select("id")
    assert sorted(lima.to_arrow().column("id").to_pylist()) == [2, 6]
    assert [entry["version"] for entry in ff.delta_history(uri, connection_name=cloud.connection)] == [1, 0]

    with pytest.raises(ff.FlowfileError) as refused:
        merge(cloud, CHANGES, uri, "upsert")
    assert "invalid uploadType" in str(refused.value)  # the emulator's answer: our request reached it
    assert_exception_is_clean(refused.value, cloud.canary)
    assert "PRIVATE KEY" not in str(refused.value)
    assert [entry["version"] for entry in ff.delta_history(uri, connection_name=cloud.connection)] == [1, 0]


def test_an_iceberg_table_pyiceberg_writes_on_gcs_is_read_by_us(tmp_path: Path) -> None:
    cloud = gcs_cloud()
    properties = {
        "gcs.service.host": endpoint("FLOWFILE_TEST_GCS_ENDPOINT"),
        "gcs.oauth2.token": "fake-gcs-server-checks-no-token",
        "gcs.oauth2.token-expires-at": "4102444800000",
        "gcs.project-id": "flowfile-test",
    }
    table, first_snapshot, first_metadata = write_iceberg(tmp_path, cloud.root + "warehouse", properties)
    current = ff.scan_iceberg(table.location(), connection_name=cloud.connection)
    assert by_id(current.to_arrow()) == by_id(table.scan().to_arrow()) == by_id(pa.concat_tables([TABLE, SECOND]))
    by_snapshot = ff.scan_iceberg(table.location(), connection_name=cloud.connection, snapshot_id=first_snapshot)
    assert by_id(by_snapshot.to_arrow()) == by_id(TABLE)
    assert by_id(ff.scan_iceberg(first_metadata, connection_name=cloud.connection).to_arrow()) == by_id(TABLE)
    with pytest.raises(ff.PathNotFoundError, match="not an Iceberg table") as missing:
        ff.scan_iceberg(cloud.root + "warehouse/db/nothing", connection_name=cloud.connection)
    assert_exception_is_clean(missing.value, cloud.canary)
    assert "PRIVATE KEY" not in str(missing.value)
