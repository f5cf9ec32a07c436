"""Exceptions raised by flowfile, and the one table mapping engine error codes to them.

Every message comes from the engine (or the server) and is built from public
connection details only: no exception, message or repr holds a secret.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "AccessDeniedError",
    "ConnectionExistsError",
    "ConnectionNotFoundError",
    "FlowfileError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidEndpointError",
    "NotFoundError",
    "PathNotFoundError",
    "SSLVerificationError",
    "ServiceUnavailableError",
    "TamperedSecretError",
    "error_from_code",
    "remedy_hint",
]


class FlowfileError(Exception):
    """Base class of every error flowfile raises for a failed engine or server call.

    ``code`` is the engine's stable error code name (``"not_found"``, ...);
    ``field`` names the input field at fault (``"aws_region"``), or is None.
    """

    code: str = "internal"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(FlowfileError, LookupError):
    """Something named does not exist: catch this for a missing connection and a missing path alike."""

    code = "not_found"


class ConnectionNotFoundError(NotFoundError):
    """The connection does not exist (or belongs to another user)."""

    code = "not_found"


class PathNotFoundError(NotFoundError, FileNotFoundError):
    """The bucket, container or object does not exist, or no file matches the path or glob."""

    code = "path_not_found"


class ConnectionExistsError(FlowfileError, ValueError):
    """A connection with that name already exists for this user.

    Also a ValueError, which is what Flowfile raises for a duplicate: code
    catching either works unchanged.
    """

    code = "already_exists"


class InvalidArgumentError(FlowfileError, ValueError):
    """The request is malformed; the message names the field and the fix."""

    code = "invalid_argument"


class AccessDeniedError(FlowfileError):
    """The credentials were rejected or lack permission (or the master key does not match the store)."""

    code = "access_denied"


class InvalidEndpointError(FlowfileError):
    """The endpoint cannot be reached: bad URL, connection refused or DNS failure."""

    code = "invalid_endpoint"


class SSLVerificationError(FlowfileError):
    """The endpoint's TLS certificate failed verification."""

    code = "tls_verification_failed"


class TamperedSecretError(FlowfileError):
    """A stored secret failed authentication: the store was modified or copied between users."""

    code = "tampered"


class ServiceUnavailableError(FlowfileError):
    """A service or lock is temporarily unavailable; retrying later may succeed."""

    code = "unavailable"


class InternalError(FlowfileError):
    """An unexpected failure inside flowfile."""

    code = "internal"


_CLASS_BY_CODE: dict[str, type[FlowfileError]] = {
    cls.code: cls
    for cls in (
        ConnectionNotFoundError,
        PathNotFoundError,
        ConnectionExistsError,
        InvalidArgumentError,
        AccessDeniedError,
        InvalidEndpointError,
        SSLVerificationError,
        TamperedSecretError,
        ServiceUnavailableError,
        InternalError,
    )
}


# What a Python user does about a missing or duplicate connection (the
# engine's message says what happened, in words every front end shares).
_HINT_BY_CODE_AND_FIELD: dict[tuple[str, str], str] = {
    ("not_found", "connection_name"): (
        "List your connections with get_all_available_cloud_storage_connections() to see what exists."
    ),
    ("already_exists", "connection_name"): "Or use create_cloud_storage_connection_if_not_exists() to keep it.",
}


def remedy_hint(remedy: Mapping[str, object] | None) -> str:
    """The engine's remedy (the connection setting that fixes an error) as a Python user writes it.

    ``{"setting": "aws_allow_unsafe_html", "value": True}`` becomes "For local/dev
    endpoints only, set aws_allow_unsafe_html=True."; a remedy without a value
    names the keyword argument to check. Empty when there is no remedy.
    """
    if not remedy or not isinstance(remedy.get("setting"), str):
        return ""
    setting = remedy["setting"]
    value = remedy.get("value")
    if isinstance(value, bool):
        return f"For local/dev endpoints only, set {setting}={value}."
    return f"Check the connection's {setting}."


def with_remedy_hint(message: str, remedy: Mapping[str, object] | None) -> str:
    """``message`` followed by the Python wording of its remedy, if it has one."""
    hint = remedy_hint(remedy)
    return f"{message} {hint}" if hint else message


def error_from_code(
    code: str, message: str, field: str | None = None, remedy: Mapping[str, object] | None = None
) -> FlowfileError:
    """Return the exception for an engine or server error code (unknown codes give InternalError)."""
    message = with_remedy_hint(message, remedy)
    hint = _HINT_BY_CODE_AND_FIELD.get((code, field or ""))
    if hint is not None:
        message = f"{message} {hint}"
    return _CLASS_BY_CODE.get(code, InternalError)(message, field or None)
