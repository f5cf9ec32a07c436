"""Delta writes through POST /api/data/write on moto's S3: the merge modes
(upsert, update, delete by merge_keys), their refusals in the API's words,
and the table history the web UI lists."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.ipc as ipc
import pytest
from conftest import CANARY, s3_connection
from flowfile_server import Client, Server, create_sales_bucket

ARROW = "application/vnd.apache.arrow.stream"
TABLE = pa.table({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Pune"]})


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> str:
    return create_sales_bucket(s3_endpoint, "delta-write")


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint)
    )
    return client


def arrow_body(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    with ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue()


def write(client: Client, table: pa.Table, path: str, **settings: str) -> object:
    return client.post(
        "/api/data/write",
        params={"connection": "moto", "path": path, "format": "delta", **settings},
        data=arrow_body(table),
        headers={"Content-Type": ARROW},
    )


def read(client: Client, path: str) -> dict[int, str]:
    scanned = client.post(
        "/api/data/scan", json={"connection": "moto", "path": path, "format": "delta"}
    )
    assert scanned.status_code == 200, scanned.text
    rows = ipc.open_stream(scanned.content).read_all().to_pylist()
    return {row["id"]: row["city"] for row in rows}


def test_upsert_update_and_delete_by_merge_keys(client: Client, bucket: str) -> None:
    path = f"s3://{bucket}/tables/merged"
    assert write(client, TABLE, path).status_code == 200
    changes = pa.table({"id": [2, 4], "city": ["Rome", "Kyiv"]})
    upserted = write(client, changes, path, write_mode="upsert", merge_keys="id")
    assert upserted.status_code == 200, upserted.text
    assert upserted.json()["version"] == 1
    assert read(client, path) == {1: "Oslo", 2: "Rome", 3: "Pune", 4: "Kyiv"}
    updated = write(
        client, pa.table({"id": [3, 9], "city": ["Bern", "x"]}), path, write_mode="update", merge_keys="id"
    )
    assert updated.status_code == 200 and updated.json()["rows"] == 1, updated.text
    deleted = write(client, changes, path, write_mode="delete", merge_keys="id")
    assert deleted.status_code == 200 and deleted.json()["rows"] == 2, deleted.text
    assert read(client, path) == {1: "Oslo", 3: "Bern"}

    history = client.post(
        "/api/data/delta-history", json={"connection": "moto", "path": path}
    )
    assert history.status_code == 200, history.text
    operations = [entry["operation"] for entry in history.json()["versions"]]
    assert operations[:3] == ["DELETE", "UPDATE", "MERGE"]


@pytest.mark.parametrize(
    ("settings", "field", "text"),
    [
        ({"write_mode": "upsert"}, "merge_keys", "at least one column"),
        ({"write_mode": "append", "merge_keys": "id"}, "merge_keys", "upsert, update or delete"),
        ({"write_mode": "overwrite", "track_changes": "true"}, "track_changes", "overwrite"),
        ({"write_mode": "merge"}, "write_mode", "upsert"),
    ],
)
def test_refused_merge_settings_name_their_field(
    client: Client, bucket: str, settings: dict[str, str], field: str, text: str
) -> None:
    answer = write(client, TABLE, f"s3://{bucket}/tables/refused", **settings)
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["field"] == field and text in answer.json()["error"]["message"]
    assert CANARY not in answer.text


def test_a_merge_key_missing_from_the_data_leaves_the_table(client: Client, bucket: str) -> None:
    path = f"s3://{bucket}/tables/kept"
    assert write(client, TABLE, path).status_code == 200
    answer = write(client, TABLE, path, write_mode="delete", merge_keys="nope")
    assert answer.status_code == 400, answer.text
    assert "merge key 'nope'" in answer.json()["error"]["message"]
    assert read(client, path) == {1: "Oslo", 2: "Lima", 3: "Pune"}
    parquet = client.post(
        "/api/data/write",
        params={"connection": "moto", "path": f"s3://{bucket}/x.parquet", "write_mode": "upsert"},
        data=arrow_body(TABLE),
        headers={"Content-Type": ARROW},
    )
    assert parquet.status_code == 400 and parquet.json()["error"]["field"] == "write_mode"
