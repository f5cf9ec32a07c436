"""Migration from upstream Flowfile: ``ff.import_flowfile_db``.

Embedded mode only: the import reads a database file and a key file on this
machine, which a server must not be asked to open for a client.
"""

from __future__ import annotations

from os import PathLike, fspath
from os.path import expanduser
from typing import Any

from flowfile import _engine, _native
from flowfile.errors import InvalidArgumentError


def import_flowfile_db(
    path: str | PathLike[str],
    *,
    key_file: str | PathLike[str] | None = None,
    key_from_env: str | None = None,
    upstream_user: str | None = None,
) -> dict[str, Any]:
    """Import an upstream Flowfile installation's cloud storage connections into this store.

    ``path`` is upstream's database (``~/.flowfile/database/flowfile_catalog.db``;
    ``~`` is expanded); it is only read. Its secrets are opened with upstream's key, from
    ``key_file`` (its ``.secret_key``, or a file holding its master key) or the
    environment variable named ``key_from_env``; with neither, from where
    upstream keeps it. Returns ``{"imported": [...], "skipped": [...], ...}``,
    each entry with the connection's name, storage type, auth method and, for
    a skipped one, the reason. Raises AccessDeniedError (field ``key``) when
    the key does not open the secrets, in which case nothing is imported.
    """
    if key_file is not None and key_from_env is not None:
        raise InvalidArgumentError("give key_file or key_from_env, not both", "key")
    if _engine.server_settings() is not None:
        raise InvalidArgumentError(
            "import_flowfile_db runs in embedded mode only (it reads local files): "
            "unset FLOWFILE_API_URL, or run `flowfile import flowfile-db` on the server's machine",
            "path",
        )
    return _native.import_flowfile_db(
        _engine.session(),
        expanduser(fspath(path)),
        key_file=None if key_file is None else expanduser(fspath(key_file)),
        key_from_env=key_from_env,
        upstream_user=upstream_user or "",
    )
