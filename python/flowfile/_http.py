"""Connection calls against a flowfile server (``flowfile serve``), as the user of an API token.

Used when FLOWFILE_API_URL and FLOWFILE_API_TOKEN are set. Talks to the
server's /api/connections routes with urllib; server errors
(``{"error": {"code", "message"}}``) become the same exceptions as engine
errors. Secrets leave this process only in the request body, which is
dropped as soon as the request is sent.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from pydantic import SecretStr

from flowfile.errors import FlowfileError, ServiceUnavailableError, error_from_code
from flowfile.models import SECRET_FIELDS, FullCloudStorageConnection

__all__ = ["HttpBackend"]

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
    return error_from_code(code, message)


class HttpBackend:
    """Connection calls on a flowfile server at ``base_url``, authenticated with ``token``."""

    def __init__(self, base_url: str, token: str) -> None:
        self._base_url = base_url
        self._token = token

    def __repr__(self) -> str:
        return f"HttpBackend({self._base_url!r})"

    def _call(self, method: str, path: str, data: bytes | None = None) -> Any:
        request = urllib.request.Request(
            self._base_url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self._token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=_TIMEOUT_SECONDS) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            raise _error_from_response(error) from None
        except urllib.error.URLError as error:
            raise ServiceUnavailableError(
                f"The flowfile server at {self._base_url} is unreachable ({error.reason}): "
                "check FLOWFILE_API_URL or unset it to use the local store."
            ) from None
        finally:
            # The body may hold secrets: keep none in this frame's locals for tracebacks.
            data = request.data = None
            request.headers.clear()
        return json.loads(body) if body else None

    @staticmethod
    def _named(name: str, suffix: str = "") -> str:
        return "/api/connections/" + urllib.parse.quote(name, safe="") + suffix

    def create(self, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return self._call("POST", "/api/connections", _request_body(connection))["connection"]  # type: ignore[no-any-return]

    def create_if_not_exists(self, connection: FullCloudStorageConnection) -> tuple[dict[str, Any], bool]:
        answer = self._call("POST", "/api/connections?if_not_exists=true", _request_body(connection))
        return answer["connection"], bool(answer["created"])

    def get(self, name: str) -> dict[str, Any]:
        return self._call("GET", self._named(name))  # type: ignore[no-any-return]

    def list(self) -> list[dict[str, Any]]:
        return self._call("GET", "/api/connections")["connections"]  # type: ignore[no-any-return]

    def update(self, name: str, connection: FullCloudStorageConnection) -> dict[str, Any]:
        return self._call("PATCH", self._named(name), _request_body(connection))  # type: ignore[no-any-return]

    def rename(self, old_name: str, new_name: str) -> dict[str, Any]:
        body = json.dumps({"new_name": new_name}).encode()
        return self._call("POST", self._named(old_name, "/rename"), body)  # type: ignore[no-any-return]

    def delete(self, name: str) -> None:
        self._call("DELETE", self._named(name))

    def test(self, name: str, path: str) -> dict[str, Any]:
        return self._call("POST", self._named(name, "/test"), json.dumps({"path": path}).encode())  # type: ignore[no-any-return]
