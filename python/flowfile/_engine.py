"""Where connection and data calls go: the embedded engine, or a flowfile server.

The embedded engine opens lazily on first use, from FLOWFILE_HOME (default
~/.flowfile), acting for the local user: the same store the CLI and a local
server use. With FLOWFILE_API_URL and FLOWFILE_API_TOKEN set, connection calls
go to that server instead, as the token's user.
"""

from __future__ import annotations

import os
import threading

from flowfile import _native
from flowfile.errors import InvalidArgumentError

__all__ = ["close", "data_session", "session"]

_lock = threading.Lock()
_session: _native.Session | None = None


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


def data_session() -> _native.Session:
    """The session that reads and writes data: the embedded engine.

    In server mode (FLOWFILE_API_URL set) the connections live on the server,
    and data does not travel through its API yet, so reading or writing is
    refused rather than silently using a local connection of the same name.
    """
    if server_settings() is not None:
        raise InvalidArgumentError(
            "Reading and writing data through a flowfile server (FLOWFILE_API_URL) is not supported yet: "
            "unset FLOWFILE_API_URL to use the local store, or run the flow from the server's web UI."
        )
    return session()
