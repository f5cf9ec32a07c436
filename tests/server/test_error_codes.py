"""Error codes that need a damaged store or a failing backend, through HTTP:
a tampered secret is answered `tampered`, never used and never a crash."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

from conftest import s3_connection
from flowfile_server import Server

ENDPOINT = "http://127.0.0.1:9"  # never reached: the secret fails to open first


def tamper_secrets(home: str, name: str) -> None:
    """Flips a bit of the authentication tag of every stored secret of the
    connection `name` in the store of `home`, as a disk fault or an attacker
    with the file might."""
    with contextlib.closing(sqlite3.connect(Path(home) / "flowfile.db")) as db, db:
        rows = db.execute(
            "SELECT s.connection_id, s.field, s.envelope FROM connection_secrets s "
            "JOIN connections c ON c.id = s.connection_id WHERE c.name = ?",
            (name,),
        ).fetchall()
        assert rows, f"no stored secret for {name}"
        for connection_id, field, envelope in rows:
            damaged = bytes(envelope[:-1]) + bytes([envelope[-1] ^ 1])
            db.execute(
                "UPDATE connection_secrets SET envelope = ? WHERE connection_id = ? AND field = ?",
                (damaged, connection_id, field),
            )


def test_a_tampered_secret_is_answered_tampered_on_every_route_that_opens_it(
    embedded: Server,
) -> None:
    client = embedded.client()
    name = f"tampered-{uuid.uuid4().hex[:8]}"
    created = client.post("/api/connections", json=s3_connection(name, ENDPOINT))
    assert created.status_code == 201, created.text
    tamper_secrets(embedded.home, name)
    path = "s3://bucket/data.parquet"
    for answer in (
        client.post(f"/api/connections/{name}/test", json={"path": "s3://bucket/"}),
        client.get(f"/api/connections/{name}/browse", params={"path": "s3://bucket/"}),
        client.post("/api/data/preview", json={"connection": name, "path": path}),
        client.post("/api/data/plan", json={"connection": name, "path": path}),
    ):
        assert answer.status_code == 500, answer.text
        assert answer.json()["error"]["code"] == "tampered", answer.text
    # The public view stays readable, and the connection can be deleted.
    assert client.get(f"/api/connections/{name}").json()["secrets_set"] == [
        "aws_secret_access_key"
    ]
    assert client.delete(f"/api/connections/{name}").status_code == 204
    assert client.get("/api/health").status_code == 200


@contextlib.contextmanager
def store_locked_by_another_process(home: str) -> Iterator[None]:
    """Holds the store's write lock, as another flowfile process in the
    middle of a long transaction would."""
    db = sqlite3.connect(Path(home) / "flowfile.db", isolation_level=None)
    try:
        db.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def test_a_store_locked_by_another_process_is_503_unavailable_and_writes_nothing(
    embedded: Server,
) -> None:
    client = embedded.client()
    name = f"locked-{uuid.uuid4().hex[:8]}"
    with store_locked_by_another_process(embedded.home):
        refused = client.post("/api/connections", json=s3_connection(name, ENDPOINT))
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "unavailable", refused.text
    assert "another process kept it locked" in refused.json()["error"]["message"]
    assert "Try again; nothing was changed." in refused.json()["error"]["message"]
    assert client.get(f"/api/connections/{name}").status_code == 404
    # Once the lock is gone the same request succeeds.
    assert (
        client.post("/api/connections", json=s3_connection(name, ENDPOINT)).status_code
        == 201
    )
    assert client.delete(f"/api/connections/{name}").status_code == 204


def set_storage_type(home: str, name: str, storage_type: str) -> None:
    """Rewrites the storage type of the stored connection `name`, as a newer
    flowfile sharing the store file would write one this build does not know."""
    with contextlib.closing(sqlite3.connect(Path(home) / "flowfile.db")) as db, db:
        changed = db.execute(
            "UPDATE connections SET storage_type = ? WHERE name = ?", (storage_type, name)
        ).rowcount
        assert changed == 1, f"no stored connection {name}"


def test_a_row_this_build_cannot_read_is_500_internal_and_left_as_it_was(
    embedded: Server,
) -> None:
    client = embedded.client()
    name = f"newer-{uuid.uuid4().hex[:8]}"
    created = client.post("/api/connections", json=s3_connection(name, ENDPOINT))
    assert created.status_code == 201, created.text
    set_storage_type(embedded.home, name, "from_a_newer_flowfile")
    for answer in (
        client.get(f"/api/connections/{name}"),
        client.get("/api/connections"),
        client.post("/api/data/plan", json={"connection": name, "path": "s3://bucket/data.parquet"}),
    ):
        assert answer.status_code == 500, answer.text
        error = answer.json()["error"]
        assert error["code"] == "internal", answer.text
        assert "storage type this flowfile does not know: upgrade flowfile" in error["message"]
    # Nothing was rewritten: restoring the type makes the connection whole again.
    set_storage_type(embedded.home, name, "s3")
    restored = client.get(f"/api/connections/{name}")
    assert restored.status_code == 200, restored.text
    assert restored.json()["secrets_set"] == ["aws_secret_access_key"]
    assert client.delete(f"/api/connections/{name}").status_code == 204
