"""/api/saved-flows over real HTTP, checked against api/openapi.yaml: the
use cases, the access rules of connections in accounts mode (another
user's flow is 404, as a missing one), the document's checks, and a saved
flow run against moto's S3."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from conftest import s3_connection
from flowfile_server import Client, Server, create_sales_bucket

ADMIN_PASSWORD = "correct horse battery"
PASSWORD = "a user's password"


def _admin(server: Server) -> Client:
    client = server.client()
    if client.get("/api/session").json()["setup_required"]:
        assert client.sign_in("alice", ADMIN_PASSWORD, setup=True).status_code == 201
    else:
        assert client.sign_in("alice", ADMIN_PASSWORD).status_code == 200
    return client


def _other_user(server: Server, admin: Client) -> Client:
    name = f"bob-{uuid.uuid4().hex[:8]}"
    assert (
        admin.post(
            "/api/accounts", json={"name": name, "password": PASSWORD}
        ).status_code
        == 201
    )
    client = server.client()
    assert client.sign_in(name, PASSWORD).status_code == 200
    return client


def _node(node_id: str, kind: str, x: int, **settings: Any) -> dict[str, Any]:
    return {
        "id": node_id,
        "kind": kind,
        "position": {"x": x, "y": 40},
        "settings": settings,
    }


def copy_flow(bucket: str, connection: str = "moto") -> dict[str, Any]:
    """Reader -> Select -> Filter (typed text, as the canvas keeps it) -> Writer."""
    return {
        "nodes": [
            _node(
                "r",
                "reader",
                0,
                connection=connection,
                path=f"s3://{bucket}/input/sales.parquet",
                format="parquet",
            ),
            _node("s", "select", 250, columns=["id", "amount"]),
            _node("f", "filter", 500, column="amount", op="gt", value="100"),
            _node(
                "w",
                "writer",
                750,
                connection=connection,
                path=f"s3://{bucket}/saved/out.csv",
                format="csv",
            ),
        ],
        "edges": [
            {"id": "1", "source": "r", "target": "s"},
            {"id": "2", "source": "s", "target": "f"},
            {"id": "3", "source": "f", "target": "w"},
        ],
    }


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> str:
    return create_sales_bucket(s3_endpoint, "saved-flows")


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint)
    )
    for flow in client.get("/api/saved-flows").json()["flows"]:
        client.delete(f"/api/saved-flows/{flow['name']}")
    return client


def test_create_list_open_save_rename_delete(client: Client, bucket: str) -> None:
    created = client.post(
        "/api/saved-flows", json={"name": "nightly copy", "document": copy_flow(bucket)}
    )
    assert created.status_code == 201, created.text
    assert created.json()["document"] == copy_flow(bucket)
    listed = client.get("/api/saved-flows").json()["flows"]
    assert [flow["name"] for flow in listed] == ["nightly copy"]
    assert "document" not in listed[0]
    opened = client.get("/api/saved-flows/nightly%20copy")
    assert opened.status_code == 200
    assert opened.json()["document"]["nodes"][1]["settings"] == {
        "columns": ["id", "amount"]
    }
    changed = copy_flow(bucket)
    changed["nodes"].pop(1)
    changed["edges"] = [
        {"id": "1", "source": "r", "target": "f"},
        {"id": "3", "source": "f", "target": "w"},
    ]
    changed["nodes"][0]["vueflow_state"] = {
        "selected": True
    }  # a client's own fields are not kept
    saved = client.put("/api/saved-flows/nightly%20copy", json={"document": changed})
    assert saved.status_code == 200, saved.text
    assert len(saved.json()["document"]["nodes"]) == 3
    assert "vueflow_state" not in saved.json()["document"]["nodes"][0]
    renamed = client.post(
        "/api/saved-flows/nightly%20copy/rename", json={"new_name": "daily"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "daily"
    assert client.get("/api/saved-flows/nightly%20copy").status_code == 404
    assert client.delete("/api/saved-flows/daily").status_code == 204
    assert client.delete("/api/saved-flows/daily").status_code == 404
    assert client.get("/api/saved-flows").json()["flows"] == []


def test_bad_documents_are_refused_by_field_and_the_flow_kept(
    client: Client, bucket: str
) -> None:
    assert (
        client.post(
            "/api/saved-flows", json={"name": "kept", "document": copy_flow(bucket)}
        ).status_code
        == 201
    )
    cases = [
        ({"edges": []}, 400, "nodes"),
        (
            {"nodes": [{"id": "a", "kind": "pivot", "settings": {}}]},
            400,
            "nodes[0].kind",
        ),
        (
            {
                "nodes": [{"id": "a", "kind": "limit"}],
                "edges": [{"source": "a", "target": "b"}],
            },
            400,
            "edges[0].target",
        ),
        (copy_flow(bucket, connection="gone"), 404, "nodes[0].settings.connection"),
    ]
    for document, status, field in cases:
        refused = client.put("/api/saved-flows/kept", json={"document": document})
        assert refused.status_code == status, (document, refused.text)
        assert refused.json()["error"]["field"] == field
    assert (
        client.put("/api/saved-flows/kept", json={}).json()["error"]["field"]
        == "document"
    )
    assert client.get("/api/saved-flows/kept").json()["document"] == copy_flow(bucket)
    taken = client.post(
        "/api/saved-flows", json={"name": "kept", "document": {"nodes": []}}
    )
    assert taken.status_code == 409
    assert (
        client.post("/api/saved-flows/kept/rename", json={"new_name": ""}).status_code
        == 400
    )
    assert (
        client.post(
            "/api/saved-flows", json={"name": "other", "document": {"nodes": []}}
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/saved-flows/other/rename", json={"new_name": "kept"}
        ).status_code
        == 409
    )


def test_runs_a_saved_flow_on_s3(client: Client, bucket: str) -> None:
    assert (
        client.post(
            "/api/saved-flows", json={"name": "copy", "document": copy_flow(bucket)}
        ).status_code
        == 201
    )
    started = client.post("/api/saved-flows/copy/run")
    assert started.status_code == 202, started.text
    [job] = started.json()["jobs"]
    deadline = time.time() + 60
    state: dict[str, Any] = {}
    while time.time() < deadline:
        state = client.get(job["status_url"]).json()
        if state["state"] != "running":
            break
        time.sleep(0.1)
    assert state["state"] == "succeeded", state
    assert state["result"]["rows"] > 0
    assert state["rows_total"] is None, (
        "a filtered read's count is not known beforehand"
    )
    # Cancelling a finished run leaves it as it was; an unknown run is 404.
    after = client.post(f"/api/jobs/{job['job_id']}/cancel")
    assert after.status_code == 200 and after.json()["state"] == "succeeded"
    assert client.post("/api/jobs/no-such-job/cancel").status_code == 404
    assert client.post("/api/saved-flows/missing/run").status_code == 404
    assert (
        client.post(
            "/api/saved-flows", json={"name": "no writer", "document": {"nodes": []}}
        ).status_code
        == 201
    )
    refused = client.post("/api/saved-flows/no%20writer/run")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "nodes"


def test_another_users_flow_is_not_found(
    accounts: Server, s3_endpoint: str, bucket: str
) -> None:
    admin = _admin(accounts)
    admin.post(
        "/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint)
    )
    name = f"private-{uuid.uuid4().hex[:6]}"
    assert (
        admin.post(
            "/api/saved-flows", json={"name": name, "document": copy_flow(bucket)}
        ).status_code
        == 201
    )
    bob = _other_user(accounts, admin)
    assert bob.get("/api/saved-flows").json()["flows"] == []
    missing = bob.get("/api/saved-flows/never-made").json()
    for method, path, body in [
        ("GET", f"/api/saved-flows/{name}", None),
        ("PUT", f"/api/saved-flows/{name}", {"document": {"nodes": []}}),
        ("POST", f"/api/saved-flows/{name}/rename", {"new_name": "mine now"}),
        ("POST", f"/api/saved-flows/{name}/run", None),
        ("DELETE", f"/api/saved-flows/{name}", None),
    ]:
        answer = bob.call(method, path, json=body)
        assert answer.status_code == 404, (method, path, answer.text)
        assert answer.json()["error"]["code"] == missing["error"]["code"]
    # Bob cannot save a flow through admin's connection either.
    borrowed = bob.post(
        "/api/saved-flows", json={"name": "borrowed", "document": copy_flow(bucket)}
    )
    assert borrowed.status_code == 404
    assert borrowed.json()["error"]["field"] == "nodes[0].settings.connection"
    assert admin.get(f"/api/saved-flows/{name}").json()["document"] == copy_flow(bucket)
    [job] = admin.post(f"/api/saved-flows/{name}/run").json()["jobs"]
    assert bob.post(f"/api/jobs/{job['job_id']}/cancel").status_code == 404
    deadline = time.time() + 60  # the run ends before the server stops
    while (
        admin.get(job["status_url"]).json()["state"] == "running"
        and time.time() < deadline
    ):
        time.sleep(0.1)
    assert admin.get(job["status_url"]).json()["state"] == "succeeded"
    assert bob.get("/api/saved-flows/x", csrf=False).status_code == 404
    anonymous = accounts.client()
    assert anonymous.get("/api/saved-flows").status_code == 401
