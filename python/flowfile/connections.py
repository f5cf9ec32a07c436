"""Create, list, inspect, test and delete cloud storage connections.

Connections live in the encrypted store shared with the server and the CLI
(FLOWFILE_HOME), scoped to the current user. With FLOWFILE_API_URL and
FLOWFILE_API_TOKEN set, these calls go to that flowfile server instead.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from flowfile import _engine
from flowfile.errors import ConnectionNotFoundError
from flowfile.models import ConnectionTestResult, FullCloudStorageConnection, FullCloudStorageConnectionInterface

__all__ = [
    "create_cloud_storage_connection",
    "create_cloud_storage_connection_if_not_exists",
    "del_cloud_storage_connection",
    "get_all_available_cloud_storage_connections",
    "get_cloud_storage_connection",
    "rename_cloud_storage_connection",
    "test_cloud_storage_connection",
    "update_cloud_storage_connection",
]

_log = logging.getLogger("flowfile")


class ConnectionBackend(Protocol):
    """The connection calls of one place connections live (embedded store or server).

    Results are dicts of the public view, as the engine returns them.
    """

    def create(self, connection: FullCloudStorageConnection) -> dict[str, Any]: ...
    def create_if_not_exists(self, connection: FullCloudStorageConnection) -> tuple[dict[str, Any], bool]: ...
    def get(self, name: str) -> dict[str, Any]: ...
    def list(self) -> list[dict[str, Any]]: ...
    def update(self, name: str, connection: FullCloudStorageConnection) -> dict[str, Any]: ...
    def rename(self, old_name: str, new_name: str) -> dict[str, Any]: ...
    def delete(self, name: str) -> None: ...
    def test(self, name: str, path: str) -> dict[str, Any]: ...


class _EmbeddedBackend:
    """The embedded engine: secrets cross into the engine as SecretStr and are read there."""

    def create(self, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return _engine.session().create_connection(connection.engine_fields())

    def create_if_not_exists(self, connection: FullCloudStorageConnection) -> tuple[dict[str, Any], bool]:
        return _engine.session().create_connection_if_not_exists(connection.engine_fields())

    def get(self, name: str) -> dict[str, Any]:
        return _engine.session().get_connection(name)

    def list(self) -> list[dict[str, Any]]:
        return _engine.session().list_connections()

    def update(self, name: str, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return _engine.session().update_connection(name, connection.engine_fields())

    def rename(self, old_name: str, new_name: str) -> dict[str, Any]:
        return _engine.session().rename_connection(old_name, new_name)

    def delete(self, name: str) -> None:
        _engine.session().delete_connection(name)

    def test(self, name: str, path: str) -> dict[str, Any]:
        return _engine.session().test_connection(name, path)


def _backend() -> ConnectionBackend:
    settings = _engine.server_settings()
    if settings is None:
        return _EmbeddedBackend()
    from flowfile._http import HttpBackend

    return HttpBackend(*settings)


def create_cloud_storage_connection(connection: FullCloudStorageConnection) -> FullCloudStorageConnectionInterface:
    """Store a new connection for the current user and return its public view.

    Raises ConnectionExistsError (a ValueError, as Flowfile raises) when the
    name is taken, pydantic ValidationError when the connection is invalid.
    """
    info = FullCloudStorageConnectionInterface.from_engine(_backend().create(connection))
    _log.info("created cloud storage connection %r", info.connection_name)
    return info


def create_cloud_storage_connection_if_not_exists(
    connection: FullCloudStorageConnection,
) -> FullCloudStorageConnectionInterface:
    """Store the connection unless one with its name exists; return the stored public view.

    Atomic: of several processes racing, one creates and the others get its
    connection back unchanged.
    """
    fields, created = _backend().create_if_not_exists(connection)
    info = FullCloudStorageConnectionInterface.from_engine(fields)
    if created:
        _log.info("created cloud storage connection %r", info.connection_name)
    return info


def get_all_available_cloud_storage_connections() -> list[FullCloudStorageConnectionInterface]:
    """The current user's connections, sorted by name, without secret values."""
    return [FullCloudStorageConnectionInterface.from_engine(fields) for fields in _backend().list()]


def get_cloud_storage_connection(connection_name: str) -> FullCloudStorageConnectionInterface:
    """The public view of one connection. Raises ConnectionNotFoundError."""
    return FullCloudStorageConnectionInterface.from_engine(_backend().get(connection_name))


def update_cloud_storage_connection(
    connection: FullCloudStorageConnection, connection_name: str | None = None
) -> FullCloudStorageConnectionInterface:
    """Replace the public fields of a stored connection and set the secrets ``connection`` holds.

    Secrets it lacks keep their stored values, unless the update changes
    where secrets are sent (storage type, auth method, endpoint, TLS flags):
    then every secret the method needs must be given again.
    ``connection_name`` names the stored connection when it differs.
    """
    name = connection.connection_name if connection_name is None else connection_name
    info = FullCloudStorageConnectionInterface.from_engine(_backend().update(name, connection))
    _log.info("updated cloud storage connection %r", info.connection_name)
    return info


def rename_cloud_storage_connection(old_name: str, new_name: str) -> FullCloudStorageConnectionInterface:
    """Rename a connection, keeping its secrets. Raises ConnectionExistsError if ``new_name`` is taken."""
    info = FullCloudStorageConnectionInterface.from_engine(_backend().rename(old_name, new_name))
    _log.info("renamed cloud storage connection %r to %r", old_name, new_name)
    return info


def del_cloud_storage_connection(connection_name: str) -> None:
    """Delete a connection and its secrets; a name that does not exist is no error, as in Flowfile."""
    try:
        _backend().delete(connection_name)
    except ConnectionNotFoundError:
        _log.info("no cloud storage connection %r to delete", connection_name)
        return
    _log.info("deleted cloud storage connection %r", connection_name)


def test_cloud_storage_connection(connection_name: str, path: str = "") -> ConnectionTestResult:
    """Prove the credentials work with one cheap call (list or head under ``path``, else the account).

    A rejected call is reported in the result (``ok`` False), not raised.
    """
    return ConnectionTestResult(**_backend().test(connection_name, path))
