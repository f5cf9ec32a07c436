"""A stored row this build cannot read raises InternalError naming the fix, and is left as it was.

Such a row is what a newer flowfile sharing the store file would write.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

import flowfile as ff
from conftest import assert_exception_is_clean, emulator_connection


def set_storage_type(home: Path, name: str, storage_type: str) -> None:
    with contextlib.closing(sqlite3.connect(home / "flowfile.db")) as db, db:
        changed = db.execute("UPDATE connections SET storage_type = ? WHERE name = ?", (storage_type, name)).rowcount
        assert changed == 1, f"no stored connection {name}"


def test_an_unreadable_row_raises_internal_error_and_stays(s3_endpoint: str, canary: str, flowfile_home: Path) -> None:
    ff.create_cloud_storage_connection(emulator_connection("lake", s3_endpoint, canary))
    set_storage_type(flowfile_home, "lake", "from_a_newer_flowfile")
    calls = [
        lambda: ff.get_all_available_cloud_storage_connections(),
        lambda: ff.scan_parquet_from_cloud_storage("s3://bucket/x.parquet", connection_name="lake").collect(),
    ]
    for call in calls:
        with pytest.raises(
            ff.InternalError, match="storage type this flowfile does not know: upgrade flowfile"
        ) as raised:
            call()
        assert_exception_is_clean(raised.value, canary)
    set_storage_type(flowfile_home, "lake", "s3")
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["lake"]
