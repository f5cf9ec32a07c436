"""A stored secret whose envelope was altered raises TamperedSecretError from every call that opens it."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

import flowfile as ff
from conftest import assert_exception_is_clean, emulator_connection


def tamper_secrets(home: Path, name: str) -> None:
    """Flips a bit of the authentication tag of every stored secret of connection `name`."""
    with contextlib.closing(sqlite3.connect(home / "flowfile.db")) as db, db:
        rows = db.execute(
            "SELECT s.connection_id, s.field, s.envelope FROM connection_secrets s "
            "JOIN connections c ON c.id = s.connection_id WHERE c.name = ?",
            (name,),
        ).fetchall()
        assert rows, f"no stored secret for {name}"
        for connection_id, field, envelope in rows:
            db.execute(
                "UPDATE connection_secrets SET envelope = ? WHERE connection_id = ? AND field = ?",
                (bytes(envelope[:-1]) + bytes([envelope[-1] ^ 1]), connection_id, field),
            )


def test_tampered_secret_raises_its_error(s3_endpoint: str, canary: str, flowfile_home: Path) -> None:
    ff.create_cloud_storage_connection(emulator_connection("lake", s3_endpoint, canary))
    tamper_secrets(flowfile_home, "lake")
    calls = [
        lambda: ff.test_cloud_storage_connection("lake", "s3://bucket/"),
        lambda: ff.scan_parquet_from_cloud_storage("s3://bucket/x.parquet", connection_name="lake").collect(),
    ]
    for call in calls:
        with pytest.raises(ff.TamperedSecretError, match="failed authentication") as raised:
            call()
        assert_exception_is_clean(raised.value, canary)
    # The public view is still listed, and the connection can be deleted.
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["lake"]
    ff.del_cloud_storage_connection("lake")
