"""A loopback HTTP proxy that injects faults between flowfile and an emulator.

It forwards each request to the upstream (moto, fake-gcs-server, Azurite)
unless a fault is queued for it. Faults are taken in order, one per request
that matches its method (and, when given, a path part):

- ``status``: answer with this status and an S3-style error body (500, 503
  with ``SlowDown``, ...) without asking the upstream;
- ``delay``: wait this many seconds before forwarding;
- ``drop_response``: forward, then send only the head and half of the body
  before closing the connection (a connection lost mid-read);
- ``drop_request``: read half of the request body, then close without an
  answer (a connection lost mid-upload).

Standard library only, one thread per connection; for tests on loopback.
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Fault:
    method: str = ""  # "" matches any method
    path_part: str = ""  # "" matches any path
    status: int = 0
    code: str = "InternalError"
    delay: float = 0.0
    drop_response: bool = False
    drop_request: bool = False

    def matches(self, method: str, path: str) -> bool:
        return (not self.method or self.method == method) and self.path_part in path


@dataclass
class ProxyLog:
    requests: list[str] = field(default_factory=list)
    injected: list[str] = field(default_factory=list)


class FaultProxy:
    """Listens on 127.0.0.1 (a free port) in front of ``upstream`` (http://host:port)."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self.faults: list[Fault] = []
        self.log = ProxyLog()
        self.lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def handle_one(self) -> None:
                proxy.serve(self)

            do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_one  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def add(self, *faults: Fault) -> None:
        with self.lock:
            self.faults.extend(faults)

    def pending(self) -> int:
        with self.lock:
            return len(self.faults)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            self.log.requests.append(f"{method} {path}")
            for index, fault in enumerate(self.faults):
                if fault.matches(method, path):
                    self.log.injected.append(f"{method} {path}: {fault}")
                    return self.faults.pop(index)
        return None

    def serve(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        method, path = handler.command, handler.path
        fault = self._next_fault(method, path)
        length = int(handler.headers.get("Content-Length") or 0)
        if fault and fault.drop_request:
            handler.rfile.read(length // 2)
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        body = _read_body(handler, length)
        if fault and fault.status:
            _send_error(handler, fault.status, fault.code)
            return
        if fault and fault.delay:
            time.sleep(fault.delay)
        upstream = http.client.HTTPConnection(self.upstream_host, self.upstream_port, timeout=60)
        headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("transfer-encoding",)}
        if "Content-Length" not in headers and body:
            headers["Content-Length"] = str(len(body))
        upstream.request(method, path, body=body if body else None, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        upstream.close()
        handler.send_response(response.status, response.reason)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                handler.send_header(key, value)
        # A HEAD answer has no body but tells the object's length.
        length = response.getheader("Content-Length") if method == "HEAD" else str(len(data))
        handler.send_header("Content-Length", length or "0")
        handler.end_headers()
        if method == "HEAD":
            return
        if fault and fault.drop_response:
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        handler.wfile.write(data)


def _read_body(handler: http.server.BaseHTTPRequestHandler, length: int) -> bytes:
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(handler.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(handler.rfile.read(size))
            handler.rfile.readline()
    return handler.rfile.read(length) if length else b""


def _send_error(handler: http.server.BaseHTTPRequestHandler, status: int, code: str) -> None:
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code>'
        f"<Message>injected by the fault proxy</Message><RequestId>fault</RequestId></Error>"
    ).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/xml")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)
