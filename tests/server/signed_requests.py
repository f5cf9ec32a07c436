"""A stand-in S3 endpoint that records the requests it gets and answers 403,
and an independent AWS Signature Version 4 check: a recorded request verifies
only under the secret key that signed it. Lets a test prove which secret a
server holds without the server ever returning it."""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit


@dataclass(frozen=True)
class SignedRequest:
    method: str
    target: str  # path and query, as sent
    headers: dict[str, str]  # lower-case names


class RecordingEndpoint:
    """`with RecordingEndpoint() as endpoint:` serves on endpoint.url."""

    def __init__(self) -> None:
        self.requests: list[SignedRequest] = []
        recorded = self.requests

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                recorded.append(
                    SignedRequest(
                        self.command,
                        self.path,
                        {k.lower(): v for k, v in self.headers.items()},
                    )
                )
                body = b"<Error><Code>AccessDenied</Code><Message>recorded</Message></Error>"
                self.send_response(403)
                self.send_header("Content-Type", "application/xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def signed_with(request: SignedRequest, secret_key: str) -> bool:
    """True when the request's SigV4 Authorization header verifies under
    `secret_key` (computed here from the AWS specification, not by an SDK)."""
    authorization = request.headers.get("authorization", "")
    match = re.fullmatch(
        r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request,\s*"
        r"SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})",
        authorization,
    )
    assert match, f"not a SigV4 Authorization header: {authorization!r}"
    _, day, region, service, signed_headers, signature = match.groups()
    target = urlsplit(request.target)
    query = "&".join(
        sorted(
            part if "=" in part else part + "="
            for part in target.query.split("&")
            if part
        )
    )
    names = signed_headers.split(";")
    canonical_headers = "".join(
        f"{name}:{' '.join(request.headers[name].split())}\n" for name in names
    )
    canonical_request = "\n".join(
        [
            request.method,
            target.path or "/",
            query,
            canonical_headers,
            signed_headers,
            request.headers["x-amz-content-sha256"],
        ]
    )
    scope = f"{day}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        [
            "AWS4-HMAC-SHA256",
            request.headers["x-amz-date"],
            scope,
            hashlib.sha256(canonical_request.encode()).hexdigest(),
        ]
    )
    key = _hmac(("AWS4" + secret_key).encode(), day)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
