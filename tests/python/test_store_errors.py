"""Store failures reach Python as their own exception classes.

A store locked by another process is ServiceUnavailableError (and nothing is
written), a damaged store file InternalError, a data directory that cannot
be made ServiceUnavailableError.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import flowfile as ff
from conftest import emulator_connection


@contextlib.contextmanager
def store_locked_by_another_process(home: Path) -> Iterator[None]:
    """Holds the store's write lock, as another process in a long transaction would."""
    db = sqlite3.connect(home / "flowfile.db", isolation_level=None)
    try:
        db.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def test_a_locked_store_is_unavailable_and_nothing_is_written(flowfile_home: Path, canary: str) -> None:
    assert ff.get_all_available_cloud_storage_connections() == []  # makes the store
    with (
        store_locked_by_another_process(flowfile_home),
        pytest.raises(ff.ServiceUnavailableError, match=r"(?i)try again"),
    ):
        ff.create_cloud_storage_connection(emulator_connection("lake", "http://127.0.0.1:9", canary))
    assert ff.get_all_available_cloud_storage_connections() == []
    ff.create_cloud_storage_connection(emulator_connection("lake", "http://127.0.0.1:9", canary))
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["lake"]


def test_a_damaged_store_file_is_an_internal_error(flowfile_home: Path) -> None:
    assert ff.get_all_available_cloud_storage_connections() == []
    ff._engine.close()
    for companion in flowfile_home.glob("flowfile.db-*"):
        companion.unlink()
    (flowfile_home / "flowfile.db").write_bytes(b"not a database " * 1000)
    with pytest.raises(ff.InternalError, match="not a database"):
        ff.get_all_available_cloud_storage_connections()


def test_a_data_directory_that_cannot_be_made_is_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("FLOWFILE_HOME", str(blocker / "home"))
    ff._engine.close()
    with pytest.raises(ff.ServiceUnavailableError, match="Cannot create the data directory"):
        ff.get_all_available_cloud_storage_connections()
