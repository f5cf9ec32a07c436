"""Calls against a flowfile server (``flowfile serve``), as the user of an API token.

Used when FLOWFILE_API_URL and FLOWFILE_API_TOKEN are set. ``ServerClient``
is the one place that talks HTTP (urllib): it signs requests with the token,
turns server errors (``{"error": {"code", "message"}}``) into the same
exceptions as engine errors, and an unreachable server into
ServiceUnavailableError. ``HttpBackend`` makes the /api/connections calls
with it. Secrets leave this process only in a request body, which is
dropped as soon as the request is sent; the token is in no repr, message or
local variable a traceback shows.
"""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from typing import Any

from pydantic import SecretStr

from flowfile.errors import FlowfileError, ServiceUnavailableError, error_from_code
from flowfile.models import SECRET_FIELDS, FullCloudStorageConnection

__all__ = ["ARROW_STREAM", "HttpBackend", "ServerClient", "connection_path"]

JSON = "application/json"
ARROW_STREAM = "application/vnd.apache.arrow.stream"
_TIMEOUT_SECONDS = 60.0


def _request_body(connection: FullCloudStorageConnection) -> bytes:
    """The connection as JSON: every public field (unset text as "", which clears it) and the secrets that are set."""
    fields: dict[str, Any] = {}
    for name, value in connection.engine_fields().items():
        if isinstance(value, SecretStr):
            fields[name] = value.get_secret_value()
        elif value is not None:
            fields[name] = value
        elif name not in SECRET_FIELDS:
            fields[name] = ""
    return json.dumps(fields).encode()


def _error_from_response(error: urllib.error.HTTPError) -> FlowfileError:
    try:
        details = json.loads(error.read() or b"{}").get("error", {})
    except (ValueError, AttributeError):
        details = {}
    code = str(details.get("code", "internal"))
    message = str(details.get("message", f"The flowfile server answered HTTP {error.code}."))
    if code in ("unauthenticated", "csrf_failed"):
        code = "access_denied"
    field = details.get("field")
    remedy = details.get("remedy")
    return error_from_code(
        code, message, field if isinstance(field, str) else None, remedy if isinstance(remedy, dict) else None
    )


def connection_path(name: str, suffix: str = "") -> str:
    """The API path of one connection (its name URL-encoded), plus ``suffix``."""
    return "/api/connections/" + urllib.parse.quote(name, safe="") + suffix


class ServerClient:
    """Signed requests to the flowfile server at ``base_url``, authenticated with ``token``; safe across threads."""

    def __init__(self, base_url: str, token: str) -> None:
        self._base_url = base_url
        self._token = token

    def __repr__(self) -> str:
        return f"ServerClient({self._base_url!r})"

    @property
    def base_url(self) -> str:
        """The server's URL, without a trailing slash."""
        return self._base_url

    def open(
        self,
        method: str,
        path: str,
        data: bytes | Iterable[bytes] | None = None,
        content_type: str = JSON,
        timeout: float = _TIMEOUT_SECONDS,
    ) -> http.client.HTTPResponse:
        """Send a request and return the open 2xx response, whose body the caller reads and closes.

        ``data`` given as an iterable of bytes is sent with chunked transfer
        encoding as it is produced. Raises the exception of the server's
        error code, or ServiceUnavailableError when the server cannot be
        reached or drops the request.
        Exceptions raised by ``data`` while it is sent propagate unchanged
        (an OSError among them wrapped in urllib.error.URLError).
        """
        request = urllib.request.Request(
            self._base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": content_type},
        )
        try:
            return urllib.request.urlopen(request, timeout=timeout)  # type: ignore[no-any-return]
        except urllib.error.HTTPError as error:
            raise _error_from_response(error) from None
        except urllib.error.URLError as error:
            raise ServiceUnavailableError(
                f"The flowfile server at {self._base_url} is unreachable ({error.reason}): "
                "check FLOWFILE_API_URL or unset it to use the local store."
            ) from None
        except (http.client.HTTPException, OSError) as error:
            raise ServiceUnavailableError(
                f"The flowfile server at {self._base_url} dropped the request without an answer "
                f"({type(error).__name__}: {error}): its log may name the cause; retry later."
            ) from None
        finally:
            # The body may hold secrets, the headers hold the token: keep neither in locals for tracebacks.
            data = request.data = None
            request.headers.clear()

    def call(self, method: str, path: str, data: bytes | None = None) -> Any:
        """Send a request with a JSON body (or none) and return the decoded JSON answer (None when empty)."""
        try:
            with self.open(method, path, data) as response:
                body = response.read()
        finally:
            data = None  # may hold secrets: not for tracebacks
        return json.loads(body) if body else None


class HttpBackend:
    """Connection calls on a flowfile server at ``base_url``, authenticated with ``token``."""

    def __init__(self, base_url: str, token: str) -> None:
        self._client = ServerClient(base_url, token)

    def __repr__(self) -> str:
        return f"HttpBackend({self._client.base_url!r})"

    def _call(self, method: str, path: str, data: bytes | None = None) -> Any:
        try:
            return self._client.call(method, path, data)
        finally:
            data = None  # may hold secrets: not for tracebacks

    def create(self, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return self._call("POST", "/api/connections", _request_body(connection))["connection"]  # type: ignore[no-any-return]

    def create_if_not_exists(self, connection: FullCloudStorageConnection) -> tuple[dict[str, Any], bool]:
        answer = self._call("POST", "/api/connections?if_not_exists=true", _request_body(connection))
        return answer["connection"], bool(answer["created"])

    def get(self, name: str) -> dict[str, Any]:
        return self._call("GET", connection_path(name))  # type: ignore[no-any-return]

    def list(self) -> list[dict[str, Any]]:
        return self._call("GET", "/api/connections")["connections"]  # type: ignore[no-any-return]

    def update(self, name: str, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return self._call("PATCH", connection_path(name), _request_body(connection))  # type: ignore[no-any-return]

    def rename(self, old_name: str, new_name: str) -> dict[str, Any]:
        body = json.dumps({"new_name": new_name}).encode()
        return self._call("POST", connection_path(old_name, "/rename"), body)  # type: ignore[no-any-return]

    def delete(self, name: str) -> None:
        self._call("DELETE", connection_path(name))

    def test(self, name: str, path: str) -> dict[str, Any]:
        return self._call("POST", connection_path(name, "/test"), json.dumps({"path": path}).encode())  # type: ignore[no-any-return]
