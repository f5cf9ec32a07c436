"""Iceberg tables through the data API: a table written by pyiceberg on moto
is previewed at a chosen snapshot, with the rows pyiceberg reads, and both
browsers mark its folder as an Iceberg table."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import boto3
import pytest
from conftest import CANARY, s3_connection
from flowfile_server import Client, Server

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from iceberg_tables import IcebergTable, write_two_snapshots  # noqa: E402

KEY_ID = "AKIAIOSFODNN7EXAMPLE"


@pytest.fixture(scope="module")
def cities(s3_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> IcebergTable:
    bucket = f"iceberg-{uuid.uuid4().hex[:8]}"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key="moto",
    ).create_bucket(Bucket=bucket)
    folder = tmp_path_factory.mktemp("iceberg-catalog")
    return write_two_snapshots(folder, bucket, s3_endpoint, KEY_ID, "moto")


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true",
        json=s3_connection("moto", s3_endpoint),
    )
    return client


def preview(client: Client, cities: IcebergTable, **fields: object) -> dict[str, object]:
    body = {"connection": "moto", "path": cities.folder, "format": "iceberg", **fields}
    answer = client.post("/api/data/preview", json={**body, "limit": 50})
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_preview_reads_a_snapshot_as_pyiceberg_does(
    client: Client, cities: IcebergTable
) -> None:
    theirs = cities.table.scan(snapshot_id=cities.first_snapshot).to_arrow()
    expected = sorted(theirs.column("id").to_pylist())
    for snapshot in (cities.first_snapshot, str(cities.first_snapshot)):
        body = preview(client, cities, snapshot_id=snapshot)
        assert [c["name"] for c in body["columns"]] == ["id", "city", "score"]
        assert sorted(row[0] for row in body["rows"]) == expected  # type: ignore[union-attr]
    current = preview(client, cities)
    assert current["row_count"] == cities.table.scan().to_arrow().num_rows


def test_an_unknown_snapshot_is_a_400_naming_its_field(
    client: Client, cities: IcebergTable
) -> None:
    body = {"connection": "moto", "path": cities.folder, "format": "iceberg"}
    for bad in (1, "12ab"):
        answer = client.post("/api/data/preview", json={**body, "snapshot_id": bad})
        assert answer.status_code == 400, answer.text
        assert answer.json()["error"]["field"] == "snapshot_id"
        assert CANARY not in answer.text


def test_both_browsers_mark_an_iceberg_table_folder(
    client: Client, cities: IcebergTable
) -> None:
    page = client.get("/api/connections/moto/browse", params={"path": cities.folder})
    assert page.status_code == 200, page.text
    assert page.json()["table"] == "iceberg"
    above = client.get(
        "/api/connections/moto/browse", params={"path": f"{cities.folder}/metadata/"}
    )
    assert above.json()["table"] is None
    flowfile = client.get(
        "/storage_browser/cloud",
        params={"connection_name": "moto", "path": cities.folder},
    )
    assert flowfile.status_code == 200, flowfile.text
    assert flowfile.json()["current_is_iceberg_table"] is True
    assert flowfile.json()["current_is_delta_table"] is False
