"""A transform that fails once the rows are read (a column the file does not
have) names its own field, in a run's job and in a preview, so the front end
shows the error on that node: a step run on the rows ("steps[1]") and a
Select or Filter pushed into the read alike, never the Reader's."""

from __future__ import annotations

import time

import pytest
from conftest import s3_connection
from flowfile_server import Client, Server, create_sales_bucket


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> str:
    return create_sales_bucket(s3_endpoint, "failed-step")


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    client = embedded.client()
    client.post("/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint))
    return client


def failed_job(client: Client, bucket: str, steps: list[dict[str, object]], source: str = "sales") -> dict[str, str]:
    """The error of a run of `steps` between input/<source>.parquet and a writer."""
    started = client.post(
        "/api/flows/run",
        json={
            "reader": {"connection": "moto", "path": f"s3://{bucket}/input/{source}.parquet"},
            "writer": {"connection": "moto", "path": f"s3://{bucket}/output/never.parquet"},
            "steps": steps,
        },
    )
    if started.status_code != 202:
        return started.json()["error"]
    deadline = time.time() + 60
    while time.time() < deadline:
        job = client.get(f"/api/jobs/{started.json()['job_id']}").json()
        if job["state"] != "running":
            assert job["state"] == "failed", job
            return job["error"]
        time.sleep(0.1)
    raise AssertionError("the run did not end in 60 s")


SORT = {"kind": "sort", "settings": {"keys": [{"column": "id"}]}}

CASES = [
    pytest.param(
        [SORT, {"kind": "add_column", "settings": {"name": "x", "column": "nope", "op": "add", "value": "1"}}],
        "steps[1].settings.column",
        "Column 'nope' is not in the rows here",
        id="a step on the rows",
    ),
    pytest.param(
        [{"kind": "filter", "settings": {"column": "nope", "op": "eq", "value": "1"}}],
        "steps[0].settings.column",
        "Filter column 'nope' is not in the data",
        id="a filter pushed into the read",
    ),
    pytest.param(
        [
            {"kind": "limit", "settings": {"rows": 5}},
            {"kind": "select", "settings": {"columns": ["id", "nope"]}},
        ],
        "steps[1].settings.columns",
        "Column 'nope' is not in",
        id="a select pushed into the read",
    ),
]


@pytest.mark.parametrize(("steps", "field", "says"), CASES)
def test_a_failed_run_names_the_step_that_failed(
    client: Client, bucket: str, steps: list[dict[str, object]], field: str, says: str
) -> None:
    error = failed_job(client, bucket, steps)
    assert error["code"] == "invalid_argument"
    assert error["field"] == field
    assert says in error["message"]


@pytest.mark.parametrize(("steps", "field", "says"), CASES)
def test_a_preview_names_the_step_that_failed(
    client: Client, bucket: str, steps: list[dict[str, object]], field: str, says: str
) -> None:
    response = client.post(
        "/api/data/preview",
        json={"connection": "moto", "path": f"s3://{bucket}/input/sales.parquet", "steps": steps},
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == field
    assert says in response.json()["error"]["message"]


def test_a_requests_own_filter_keeps_its_field(client: Client, bucket: str) -> None:
    response = client.post(
        "/api/data/preview",
        json={
            "connection": "moto",
            "path": f"s3://{bucket}/input/sales.parquet",
            "filters": [{"column": "id", "op": "ge", "value": 0}, {"column": "nope", "op": "eq", "value": 1}],
        },
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["field"] == "filters[1].column"


def test_a_run_that_fails_in_the_read_names_no_step(client: Client, bucket: str) -> None:
    error = failed_job(client, bucket, [SORT], source="missing")
    assert error["code"] == "path_not_found", error
    assert not error.get("field", "").startswith("steps"), error
