"""A small S3 request-counting proxy on loopback, for the benchmark and the request-budget test.

Clients are pointed at the proxy's endpoint instead of the S3 server's; every
request is forwarded unchanged (the Host header too, so SigV4 signatures still
match on servers that check them) and counted by kind: HEAD, GET (object
reads), LIST (GET with list-type or on a bucket), PUT (whole objects and
parts), POST (multipart create/complete, batch delete), DELETE. Bytes read
by GETs are summed too. Standard library only, one thread per connection:
it is for counting, not for timing (time against the server directly).

Usage:
    with CountingProxy("http://127.0.0.1:9000") as proxy:
        ... point a client at proxy.endpoint ...
        proxy.counts()  # {"GET": 3, "HEAD": 0, ...}
"""

from __future__ import annotations

import http.client
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

KINDS = ("HEAD", "GET", "LIST", "PUT", "POST", "DELETE")
"""The request kinds counted, in report order."""

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade"}
_CHUNK = 1 << 20


def request_kind(method: str, target: str) -> str:
    """The kind a request is counted as: LIST for bucket listings, else its method."""
    parts = urlsplit(target)
    if method == "GET":
        path = parts.path.strip("/")
        if "list-type=" in parts.query or "/" not in path or "uploads" in parts.query.split("&"):
            return "LIST"
    return method


class CountingProxy:
    """Forwards requests on 127.0.0.1:<free port> to `upstream` (http://host:port) and counts them."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        if parts.scheme != "http" or not parts.hostname:
            raise ValueError(f"upstream must be http://host:port, got {upstream!r}")
        self.upstream = (parts.hostname, parts.port or 80)
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        """The URL clients use instead of the upstream's."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> CountingProxy:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> CountingProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every count so far."""
        with self._lock:
            self._counts.clear()

    def counts(self) -> dict[str, int]:
        """Requests per kind since the last reset (every kind present, 0 when none), plus GET_BYTES."""
        with self._lock:
            result = {kind: self._counts[kind] for kind in KINDS}
            result["GET_BYTES"] = self._counts["GET_BYTES"]
            return result

    def _count(self, kind: str, get_bytes: int = 0) -> None:
        with self._lock:
            self._counts[kind] += 1
            self._counts["GET_BYTES"] += get_bytes

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            upstream: http.client.HTTPConnection | None = None

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the counts are the output."""

            def _forward(self) -> None:
                body = self._read_body()
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
                if body is not None:
                    headers["Content-Length"] = str(len(body))
                try:
                    response = self._send_upstream(headers, body)
                except (http.client.HTTPException, OSError):
                    # The server closed a kept-alive connection: once more on a new one.
                    self.upstream = None
                    response = self._send_upstream(headers, body)
                self.send_response_only(response.status, response.reason)
                length = response.getheader("Content-Length")
                for name, value in response.getheaders():
                    if name.lower() not in _HOP_BY_HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                data = b"" if self.command == "HEAD" else response.read()
                # Counted before the reply leaves: a client may read the counts as soon as it has it.
                kind = request_kind(self.command, self.path)
                proxy._count(kind, len(data) if kind == "GET" else 0)
                self.send_header("Content-Length", length if self.command == "HEAD" and length else str(len(data)))
                self.end_headers()
                if data:
                    self.wfile.write(data)

            def _send_upstream(self, headers: dict[str, str], body: bytes | None) -> http.client.HTTPResponse:
                if self.upstream is None:
                    self.upstream = http.client.HTTPConnection(*proxy.upstream, timeout=300)
                self.upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in headers.items():
                    self.upstream.putheader(name, value)
                self.upstream.endheaders(body)
                return self.upstream.getresponse()

            def _read_body(self) -> bytes | None:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline().strip():
                                pass
                            return b"".join(chunks)
                        chunks.append(self.rfile.read(size))
                        self.rfile.readline()
                length = self.headers.get("Content-Length")
                return self.rfile.read(int(length)) if length else None

            do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = _forward

        return Handler
