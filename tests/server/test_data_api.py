"""Connection tests, browsing, preview and flow runs against moto's S3
(FLOWFILE_TEST_S3_ENDPOINT), and errors in the seed's words."""

from __future__ import annotations

import time

import pytest
from conftest import s3_connection
from flowfile_server import Client, Server, create_sales_bucket


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> str:
    return create_sales_bucket(s3_endpoint, "server-test")


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    """A client of the embedded server whose user has the connection "moto" to the S3 emulator."""
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint)
    )
    return client


def wait_for_job(client: Client, job_id: str) -> dict[str, object]:
    deadline = time.time() + 60
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in 60 s")


def test_test_connection_reports_success(client: Client, bucket: str) -> None:
    result = client.post("/api/connections/moto/test", json={"path": f"s3://{bucket}/"})
    assert result.status_code == 200
    assert result.json()["ok"] is True, result.json()


def test_browse_lists_buckets_and_prefixes(client: Client, bucket: str) -> None:
    # The emulator may hold more buckets than one page: follow the pages.
    names: list[str] = []
    token = ""
    while True:
        page = client.get(
            "/api/connections/moto/browse", params={"path": "", "page_token": token}
        )
        assert page.status_code == 200, page.text
        names += [entry["path"] for entry in page.json()["entries"]]
        token = page.json()["next_page_token"]
        if not token:
            break
    assert any(bucket in name for name in names)
    inside = client.get(
        "/api/connections/moto/browse", params={"path": f"s3://{bucket}/input/"}
    ).json()
    assert [e["path"].rstrip("/").split("/")[-1] for e in inside["entries"]] == [
        "sales.parquet"
    ]
    assert inside["entries"][0]["size"] > 0


def test_preview_returns_schema_and_first_rows(client: Client, bucket: str) -> None:
    preview = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/input/sales.parquet",
            "format": "parquet",
            "limit": 5,
        },
    )
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert [c["name"] for c in body["columns"]] == ["id", "city", "amount"]
    assert body["row_count"] == 5
    assert body["rows"][0] == [0, "city-0", 0.0]


def test_describe_applies_a_frames_calls_and_reads_no_rows(
    client: Client, bucket: str
) -> None:
    plan = {"connection": "moto", "path": f"s3://{bucket}/input/sales.parquet"}
    calls = [
        {"limit": 4},
        {"select": ["id"]},
        {"filter": {"column": "id", "op": "gt", "value": 1}},
        {"limit": 9},
    ]
    described = client.post("/api/data/describe", json={**plan, "calls": calls})
    assert described.status_code == 200, described.text
    text = described.json()["description"]
    assert text.endswith("select id; filter id > 1; limit 4"), text
    refused = client.post(
        "/api/data/describe",
        json={**plan, "calls": [{"filter": {"column": "id", "op": "gt"}}]},
    )
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "value", (
        refused.text
    )


def test_delta_history_of_a_folder_that_is_not_a_table_names_the_path(
    client: Client, bucket: str
) -> None:
    answer = client.post(
        "/api/data/delta-history",
        json={"connection": "moto", "path": f"s3://{bucket}/input/"},
    )
    assert answer.status_code in (400, 404), answer.text
    assert (
        "Delta" in answer.json()["error"]["message"]
        or "table" in answer.json()["error"]["message"]
    ), answer.text


def test_flow_copies_rows_and_reports_progress(client: Client, bucket: str) -> None:
    started = client.post(
        "/api/flows/run",
        json={
            "reader": {
                "connection": "moto",
                "path": f"s3://{bucket}/input/sales.parquet",
                "format": "parquet",
            },
            "writer": {
                "connection": "moto",
                "path": f"s3://{bucket}/output/sales.parquet",
                "format": "parquet",
                "compression": "zstd",
                "write_mode": "overwrite",
            },
        },
    )
    assert started.status_code == 202, started.text
    job = wait_for_job(client, started.json()["job_id"])
    assert job["state"] == "succeeded", job
    assert job["result"]["rows"] == 250 and job["rows_read"] == 250
    assert job["result"]["bytes"] > 0
    back = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/output/sales.parquet",
            "limit": 1000,
        },
    ).json()
    assert back["row_count"] == 250


def test_flow_runs_the_transforms_between_its_nodes(
    client: Client, bucket: str
) -> None:
    """select, filters and limit of a flow request reach the read, as on a preview."""
    started = client.post(
        "/api/flows/run",
        json={
            "reader": {
                "connection": "moto",
                "path": f"s3://{bucket}/input/sales.parquet",
            },
            "select": ["id", "amount"],
            "filters": [{"column": "amount", "op": "ge", "value": 150}],
            "limit": 7,
            "writer": {
                "connection": "moto",
                "path": f"s3://{bucket}/output/transformed.parquet",
            },
        },
    )
    assert started.status_code == 202, started.text
    job = wait_for_job(client, started.json()["job_id"])
    assert job["state"] == "succeeded", job
    assert job["result"]["rows"] == 7
    back = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/output/transformed.parquet",
        },
    ).json()
    assert [c["name"] for c in back["columns"]] == ["id", "amount"]
    assert [row[0] for row in back["rows"]] == list(range(100, 107))


def test_steps_sort_rename_and_add_a_column_in_the_engine(
    client: Client, bucket: str
) -> None:
    """A preview's steps run in the engine in the order given: the rows are sorted before the preview's limit."""
    steps = [
        {
            "id": "f",
            "kind": "filter",
            "settings": {"column": "city", "op": "eq", "value": "city-3"},
        },
        {
            "id": "s",
            "kind": "sort",
            "settings": {"keys": [{"column": "amount", "descending": True}]},
        },
        {
            "id": "r",
            "kind": "rename",
            "settings": {"names": [{"from": "id", "to": "order_id"}]},
        },
        {
            "id": "a",
            "kind": "add_column",
            "settings": {
                "name": "with_tax",
                "column": "amount",
                "op": "multiply",
                "value": "1.5",
            },
        },
        {"id": "l", "kind": "limit", "settings": {"rows": 2}},
    ]
    preview = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/input/sales.parquet",
            "steps": steps,
        },
    )
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert [c["name"] for c in body["columns"]] == [
        "order_id",
        "city",
        "amount",
        "with_tax",
    ]
    # city-3 holds ids 3, 10, ..., 248: the largest amounts first.
    assert body["rows"] == [
        [248, "city-3", 372.0, 558.0],
        [241, "city-3", 361.5, 542.25],
    ]


def test_a_step_on_a_missing_column_names_its_field(
    client: Client, bucket: str
) -> None:
    response = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/input/sales.parquet",
            "steps": [
                {
                    "kind": "rename",
                    "settings": {"names": [{"from": "id", "to": "key"}]},
                },
                {"kind": "sort", "settings": {"keys": [{"column": "id"}]}},
            ],
        },
    )
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["field"] == "steps[1].settings.keys"
    assert "they have key, city, amount" in error["message"]


def test_flow_transform_errors_name_the_field(client: Client, bucket: str) -> None:
    response = client.post(
        "/api/flows/run",
        json={
            "reader": {
                "connection": "moto",
                "path": f"s3://{bucket}/input/sales.parquet",
            },
            "filters": [{"column": "amount", "op": "gt"}],
            "writer": {
                "connection": "moto",
                "path": f"s3://{bucket}/output/never.parquet",
            },
        },
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == "filters[0].value"


def test_unreachable_endpoint_is_an_invalid_endpoint_error(
    embedded: Server, bucket: str
) -> None:
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true",
        json=s3_connection("nowhere", "http://127.0.0.1:9"),
    )
    response = client.post(
        "/api/data/preview",
        json={"connection": "nowhere", "path": f"s3://{bucket}/input/sales.parquet"},
    )
    assert response.status_code == 502, response.text
    assert response.json()["error"]["code"] == "invalid_endpoint"


def test_missing_connection_is_not_found_in_the_seeds_words(embedded: Server) -> None:
    response = embedded.client().post(
        "/api/data/preview", json={"connection": "no-such", "path": "s3://b/x.parquet"}
    )
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith("Connection not found")


def test_directory_scan_and_csv_round_trip(client: Client, bucket: str) -> None:
    folder = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/input",
            "scan_mode": "directory",
            "limit": 1000,
        },
    )
    assert folder.status_code == 200, folder.text
    assert folder.json()["row_count"] == 250
    started = client.post(
        "/api/flows/run",
        json={
            "reader": {
                "connection": "moto",
                "path": f"s3://{bucket}/input/sales.parquet",
            },
            "writer": {
                "connection": "moto",
                "path": f"s3://{bucket}/csv/sales.csv",
                "format": "csv",
                "csv": {"delimiter": ";"},
            },
        },
    )
    assert started.status_code == 202, started.text
    job = wait_for_job(client, started.json()["job_id"])
    assert job["state"] == "succeeded", job
    back = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/csv/sales.csv",
            "format": "csv",
            "csv": {"delimiter": ";", "has_header": True},
            "limit": 2,
        },
    )
    assert back.status_code == 200, back.text
    assert [c["name"] for c in back.json()["columns"]] == ["id", "city", "amount"]
    assert back.json()["rows"][1][:2] == [1, "city-1"]
