"""Where connection and data calls go: the embedded engine, or a flowfile server.

The embedded engine opens lazily on first use, from FLOWFILE_HOME (default
~/.flowfile), acting for the local user: the same store the CLI and a local
server use. With FLOWFILE_API_URL and FLOWFILE_API_TOKEN set, connection
calls, scans and writes go to that server instead, as the token's user: the
connections and their secrets stay on the server.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Protocol

from flowfile import _native

__all__ = ["DataSession", "Plan", "close", "data_session", "server_settings", "session"]

_lock = threading.Lock()
_session: _native.Session | None = None


class Plan(Protocol):
    """A scan plan (``_native.LazyFrame`` or a server's ``RemotePlan``); methods return new plans."""

    def select(self, columns: list[str]) -> Plan: ...
    def filter(self, column: str, op: str, value: bool | int | float | str | None) -> Plan: ...
    def limit(self, rows: int) -> Plan: ...
    def describe(self) -> str: ...
    def column_names(self) -> list[str]: ...
    def export_stream(self) -> object: ...


class DataSession(Protocol):
    """Where scans and writes run: the embedded engine's session or a flowfile server."""

    def scan(
        self,
        connection_name: str,
        path: str,
        format: str,
        delimiter: str = ...,
        has_header: bool = ...,
        quote: str = ...,
        encoding: str = ...,
        hive_partitioning: bool = ...,
        version: int | None = ...,
        timestamp: str | None = ...,
        changes_since: int | None = ...,
        changes_since_timestamp: str | None = ...,
        include_change_preimage: bool = ...,
        snapshot_id: int | None = ...,
    ) -> Plan: ...
    def delta_history(self, connection_name: str, path: str, limit: int = ...) -> list[dict[str, Any]]: ...
    def write(
        self,
        connection_name: str,
        path: str,
        format: str,
        stream: object,
        **options: Any,
    ) -> dict[str, Any]: ...


def session() -> _native.Session:
    """The embedded engine's session for the local user, opened on first use."""
    global _session
    with _lock:
        if _session is None:
            _session = _native.open_embedded(_native.LOCAL_USER_ID)
        return _session


def close() -> None:
    """Close the embedded engine; the next call opens it again (re-reading FLOWFILE_HOME)."""
    global _session
    with _lock:
        _session = None


def server_settings() -> tuple[str, str] | None:
    """(base URL, token) when FLOWFILE_API_URL and FLOWFILE_API_TOKEN are both set, else None."""
    url = os.environ.get("FLOWFILE_API_URL", "")
    token = os.environ.get("FLOWFILE_API_TOKEN", "")
    if url and token:
        return url.rstrip("/"), token
    return None


def data_session() -> DataSession:
    """The session that reads and writes data: the embedded engine, or in server mode the server.

    In server mode the connection is opened on the server, as the token's
    user, never from a local connection of the same name.
    """
    settings = server_settings()
    if settings is None:
        # The native write names each option that DataSession.write takes as **options.
        return session()  # type: ignore[return-value]
    from flowfile._http import ServerClient
    from flowfile._remote_data import RemoteDataSession

    return RemoteDataSession(ServerClient(*settings))
