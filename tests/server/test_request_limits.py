"""What a client may send, over raw loopback sockets: header size and count,
body framing and size on every route, and the time a request may take to
arrive, with health answering while slow clients hold connections open."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from conftest import CONTRACT
from flowfile_server import Server

HEADER_SECONDS = 2
BODY_SECONDS = 2
MAX_UPLOAD = 100_000
CONNECTION = json.dumps(
    {
        "connection_name": "smuggled",
        "storage_type": "gcs",
        "auth_method": "env_vars",
        "gcs_project_id": "p",
    }
).encode()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    started = Server(
        CONTRACT,
        extra_env={
            "FLOWFILE_HEADER_SECONDS": str(HEADER_SECONDS),
            "FLOWFILE_BODY_SECONDS": str(BODY_SECONDS),
            "FLOWFILE_MAX_UPLOAD_BYTES": str(MAX_UPLOAD),
        },
    )
    yield started
    assert started.stop() == 0


def connect(server: Server, timeout: float = 5.0) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """Reads one response (status, lower-cased headers, body) with a Content-Length."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        assert piece, f"connection closed before a response: {data!r}"
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:])
    }
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        piece = sock.recv(65536)
        assert piece, "connection closed mid-body"
        body += piece
    CONTRACT.record("RAW", "socket", status, body[:length], headers)
    return status, headers, body[:length]


def exchange(
    server: Server, raw: bytes, timeout: float = 5.0
) -> tuple[int, dict[str, str], bytes]:
    with connect(server, timeout) as sock:
        sock.sendall(raw)
        return read_response(sock)


def head(server: Server, request_line: str, *headers: str) -> bytes:
    lines = [request_line, f"Host: 127.0.0.1:{server.port}", *headers, "", ""]
    return "\r\n".join(lines).encode()


def error_code(body: bytes) -> str:
    return str(json.loads(body)["error"]["code"])


def connection_exists(server: Server) -> bool:
    return server.client().get("/api/connections/smuggled").status_code == 200


@pytest.mark.parametrize(
    "encoding", ["Chunked", "CHUNKED", "chunked", "gzip, chunked", "identity"]
)
def test_transfer_encoding_of_any_spelling_is_refused_where_a_route_does_not_stream(
    server: Server, encoding: str
) -> None:
    chunk = b"%x\r\n%s\r\n0\r\n\r\n" % (len(CONNECTION), CONNECTION)
    raw = head(
        server,
        "POST /api/connections HTTP/1.1",
        "Content-Type: application/json",
        f"Transfer-Encoding: {encoding}",
    )
    status, headers, body = exchange(server, raw + chunk)
    assert (status, error_code(body)) == (411, "length_required")
    assert headers["connection"] == "close"
    assert not connection_exists(server), "the chunked body was read and acted on"


def test_a_body_without_a_length_is_refused(server: Server) -> None:
    with connect(server) as sock:
        sock.sendall(
            head(
                server,
                "POST /api/connections HTTP/1.1",
                "Content-Type: application/json",
            )
        )
        sock.sendall(CONNECTION)
        sock.shutdown(
            socket.SHUT_WR
        )  # today's httplib reads such a body until the client closes
        status, _, body = read_response(sock)
    assert (status, error_code(body)) == (411, "length_required")
    assert not connection_exists(server)


def test_a_declared_length_over_the_limit_is_refused_before_the_body_is_sent(
    server: Server,
) -> None:
    raw = head(
        server,
        "POST /api/connections HTTP/1.1",
        "Content-Type: application/json",
        f"Content-Length: {100 << 20}",
    )
    started = time.monotonic()
    status, _, body = exchange(server, raw, timeout=3)
    assert (status, error_code(body)) == (413, "payload_too_large")
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "headers",
    [
        [
            f"X-Filler-{i}: {'v' * 100}" for i in range(100)
        ],  # each line small, too many of them
        [f"X-Big: {'v' * 40_000}"],  # one line over the whole head's limit
        [
            f"X-Filler-{i}: {'v' * 7_000}" for i in range(6)
        ],  # each under httplib's line limit, too much in all
    ],
    ids=["count", "one-line", "total"],
)
def test_headers_are_bounded_in_count_and_size(
    server: Server, headers: list[str]
) -> None:
    status, _, body = exchange(
        server, head(server, "GET /api/health HTTP/1.1", *headers)
    )
    assert (status, error_code(body)) == (431, "headers_too_large")


def test_a_header_line_without_end_is_cut_off(server: Server) -> None:
    with connect(server, timeout=3) as sock:
        sock.sendall(
            f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Endless: ".encode()
        )
        sock.sendall(
            b"v" * (64 << 10)
        )  # and no line end: the server must not wait for one
        status, _, body = read_response(sock)
    assert (status, error_code(body)) == (431, "headers_too_large")


def test_headers_that_do_not_arrive_in_time_get_408(server: Server) -> None:
    with connect(server, timeout=HEADER_SECONDS + 3) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        status, _, body = read_response(sock)
        waited = time.monotonic() - started
    assert (status, error_code(body)) == (408, "request_timeout")
    assert HEADER_SECONDS - 0.5 < waited < HEADER_SECONDS + 1.5


def test_a_body_that_does_not_arrive_in_time_gets_408(server: Server) -> None:
    raw = head(
        server,
        "POST /api/connections HTTP/1.1",
        "Content-Type: application/json",
        "Content-Length: 100",
    )
    with connect(server, timeout=BODY_SECONDS + 3) as sock:
        sock.sendall(raw + b'{"connection_name"')
        started = time.monotonic()
        status, _, body = read_response(sock)
        waited = time.monotonic() - started
    assert (status, error_code(body)) == (408, "request_timeout")
    assert waited < BODY_SECONDS + 1.5


def test_an_upload_over_its_bound_is_refused(server: Server) -> None:
    declared = head(
        server,
        "POST /api/data/write HTTP/1.1",
        "Content-Type: application/vnd.apache.arrow.stream",
        f"Content-Length: {MAX_UPLOAD + 1}",
    )
    status, _, body = exchange(server, declared)
    assert (status, error_code(body)) == (413, "payload_too_large")

    chunked = head(
        server,
        "POST /api/data/write HTTP/1.1",
        "Content-Type: application/vnd.apache.arrow.stream",
        "Transfer-Encoding: chunked",
    )
    piece = b"x" * 10_000
    with connect(server) as sock:
        sock.sendall(chunked)
        try:
            for _ in range(MAX_UPLOAD // len(piece) * 3):
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
            sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server may stop reading once the bound is passed
        status, _, body = read_response(sock)
    assert (status, error_code(body)) == (413, "payload_too_large")


def test_slow_clients_do_not_keep_health_from_answering(server: Server) -> None:
    slow_count = 40  # more than the 16 threads that served every connection before
    slow = [connect(server, timeout=HEADER_SECONDS + 5) for _ in range(slow_count)]
    stop = threading.Event()

    def trickle() -> None:
        # A byte every 0.3 s to each: never idle long enough for a per-read timeout.
        for sock in slow:
            sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        while not stop.wait(0.3):
            for sock in slow:
                try:
                    sock.sendall(b"v")
                except OSError:
                    pass

    trickler = threading.Thread(target=trickle)
    trickler.start()
    latencies = []
    try:
        time.sleep(0.5)
        deadline = time.monotonic() + HEADER_SECONDS
        while time.monotonic() < deadline:
            started = time.monotonic()
            status, _, _ = exchange(
                server, head(server, "GET /api/health HTTP/1.1"), timeout=3
            )
            latencies.append(time.monotonic() - started)
            assert status == 200
            time.sleep(0.1)
    finally:
        stop.set()
        trickler.join()
    print(
        f"health with {slow_count} slow sockets: {len(latencies)} answers, max {max(latencies):.3f} s"
    )
    assert max(latencies) < 1.0
    # The server lets every slow client go: a 408, or (when the client's late
    # bytes crossed the close) a reset that discards it.
    let_go = 0
    for sock in slow:
        with sock:
            data = b""
            try:
                while piece := sock.recv(65536):
                    data += piece
            except ConnectionResetError:
                pass
            let_go += data == b"" or data.startswith(b"HTTP/1.1 408 ")
    assert let_go == slow_count


def test_duplicate_host_headers_are_refused(server: Server) -> None:
    raw = head(server, "GET /api/connections HTTP/1.1", "Host: attacker.example")
    status, _, body = exchange(server, raw)
    assert (status, error_code(body)) == (400, "bad_request")
    assert b"Host" in body
