"""Starts `flowfile serve` for tests and checks every exchange against
api/openapi.yaml: the status must be documented for the route and the body
must match the documented schema. Also records every response, so tests can
assert that a canary secret never appears in any of them."""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import boto3
import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import requests
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "api" / "openapi.yaml").read_text())


def flowfile_binary() -> str:
    binary = os.environ.get("FLOWFILE_BINARY", "")
    assert binary, (
        "FLOWFILE_BINARY is not set: run through ctest, which passes the built flowfile binary."
    )
    return binary


def _route_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")


FLOWFILE_CLIENT_PREFIXES = ("/cloud_connections/", "/storage_browser/")
"""The prefixes of Flowfile's own server's routes, answered in its error shape."""

ROUTES = [(template, _route_regex(template)) for template in SPEC["paths"]]


def find_route(path: str) -> str | None:
    matches = [template for template, regex in ROUTES if regex.match(path)]
    # A literal route (…/rename) wins over a templated one ({name}).
    matches.sort(key=lambda t: t.count("{"))
    return matches[0] if matches else None


def _validate(schema: dict[str, Any], body: Any) -> None:
    wrapper = dict(schema)
    wrapper["components"] = SPEC["components"]
    jsonschema.Draft202012Validator(wrapper).validate(body)


@dataclass
class Exchange:
    method: str
    path: str
    status: int
    text: str
    headers: str


@dataclass
class Contract:
    """Checks responses against the spec and remembers what was exercised."""

    exchanges: list[Exchange] = field(default_factory=list)
    exercised: set[tuple[str, str]] = field(default_factory=set)
    # Everything each stopped server wrote to stdout and stderr.
    server_output: list[str] = field(default_factory=list)

    def record(
        self, method: str, path: str, status: int, body: str | bytes, headers: object
    ) -> None:
        """Remembers a response read without Client (raw sockets, streams read
        in part), for the canary search; the spec cannot check those."""
        text = body.decode("latin-1") if isinstance(body, bytes) else body
        self.exchanges.append(Exchange(method, path, status, text, repr(headers)))

    def check(self, method: str, path: str, response: requests.Response) -> None:
        self.exchanges.append(
            Exchange(
                method,
                path,
                response.status_code,
                response.text,
                repr(dict(response.headers)),
            )
        )
        route = find_route(path)
        if route is None:
            assert response.status_code == 404, (
                f"{method} {path}: undocumented path answered {response.status_code}"
            )
            if (path + "/").startswith(
                FLOWFILE_CLIENT_PREFIXES
            ):  # as Flowfile's server answers
                assert response.json() == {"detail": "Not Found"}
            else:
                assert response.json()["error"]["code"] == "not_found"
            return
        operation = SPEC["paths"][route].get(method.lower())
        if operation is None:
            assert response.status_code in (404, 405), (
                f"{method} {route} is not documented"
            )
            return
        self.exercised.add((method.upper(), route))
        documented = operation["responses"]
        status = str(response.status_code)
        assert status in documented, (
            f"{method} {route} answered {status}, documented: {sorted(documented)}; body {response.text[:300]}"
        )
        entry = documented[status]
        if "$ref" in entry:
            entry = SPEC["components"]["responses"][entry["$ref"].split("/")[-1]]
        content = entry.get("content", {}).get("application/json")
        if content is not None:
            _validate(content["schema"], response.json())

    def documented_operations(self) -> set[tuple[str, str]]:
        return {
            (method.upper(), route)
            for route, item in SPEC["paths"].items()
            for method in item
            if method in ("get", "post", "put", "patch", "delete")
        }


class Client:
    """An HTTP client of one server with its own cookies and headers."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.http = requests.Session()
        self.csrf = ""
        self.bearer = ""

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        data: str | bytes | None = None,
        headers: dict[str, str] | None = None,
        csrf: bool = True,
        params: dict[str, str] | None = None,
    ) -> requests.Response:
        sent = dict(headers or {})
        if csrf and self.csrf and method != "GET":
            sent.setdefault("X-CSRF-Token", self.csrf)
        if self.bearer:
            sent.setdefault("Authorization", f"Bearer {self.bearer}")
        response = self.http.request(
            method,
            self.server.url + path,
            json=json,
            data=data,
            headers=sent,
            params=params,
            timeout=60,
        )
        self.server.contract.check(method, path.split("?")[0], response)
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PATCH", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.call("DELETE", path, **kwargs)

    def sign_in(
        self, name: str, password: str, *, setup: bool = False
    ) -> requests.Response:
        body = {"name": name, "password": password}
        if setup:
            body["setup_code"] = self.server.setup_code()
        response = self.post("/api/setup" if setup else "/api/login", json=body)
        if response.status_code in (200, 201):
            self.csrf = response.json()["csrf_token"]
        return response


class Server:
    """`flowfile serve --port 0` in a fresh FLOWFILE_HOME; stop() ends it."""

    def __init__(
        self,
        contract: Contract,
        *,
        auth: str = "embedded",
        session_seconds: int | None = None,
        home: str | None = None,
        extra_env: dict[str, str] | None = None,
        extra_args: list[str] | None = None,
    ) -> None:
        self.contract = contract
        self._home = (
            None
            if home
            else tempfile.TemporaryDirectory(prefix="flowfile-server-test-")
        )
        self.home = home or self._home.name  # type: ignore[union-attr]
        env = dict(os.environ, FLOWFILE_HOME=self.home, FLOWFILE_AUTH=auth)
        # The emulators listen on loopback, which an accounts-mode server
        # refuses unless allowed; tests of that refusal override it.
        env["FLOWFILE_ALLOWED_ENDPOINT_HOSTS"] = "loopback"
        if session_seconds is not None:
            env["FLOWFILE_SESSION_SECONDS"] = str(session_seconds)
        env.update(extra_env or {})
        # Standard error goes to a file (a pipe nobody reads would fill and
        # stall the server); stop() hands it to the contract's canary search.
        self._stderr = tempfile.TemporaryFile(  # noqa: SIM115 (closed by stop())
            mode="w+", prefix="flowfile-serve-"
        )
        self.process = subprocess.Popen(
            [flowfile_binary(), "serve", "--port", "0", *(extra_args or [])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            self.process.wait(timeout=30)
            raise AssertionError(
                f"flowfile serve did not start: {line!r} {self._output()!r}"
            )
        self._banner = line
        self.port = int(match[1])
        self.url = f"http://127.0.0.1:{self.port}"

    def setup_code(self, timeout: float = 10.0) -> str:
        """The one-time set-up code an accounts-mode server without an admin prints on standard error."""

        def printed_code() -> str:
            self._stderr.seek(0)
            found = re.search(r"set-up code (\S+)", self._stderr.read())
            return found[1] if found else ""

        return wait_until(
            printed_code, seconds=timeout, what="the set-up code on the server's stderr"
        )

    def client(self) -> Client:
        return Client(self)

    def client_sockets(self) -> int:
        """How many client connections the server process still holds open:
        its socket descriptors that are on its port and not listening, or
        that the kernel has already dropped (reset by the client) but the
        server has not closed yet."""
        listening = "0A"
        on_port: set[str] = set()
        known: set[str] = set()
        for table in ("tcp", "tcp6"):
            for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                local_port = int(fields[1].rsplit(":", 1)[1], 16)
                known.add(fields[9])
                if local_port == self.port and fields[3] != listening:
                    on_port.add(fields[9])
        for table in ("udp", "udp6", "unix", "netlink"):
            for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
                fields = line.split()
                known.add(fields[9] if table != "unix" else fields[6])
        count = 0
        for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
            with contextlib.suppress(FileNotFoundError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inode = target[len("socket:[") : -1]
                    count += inode in on_port or inode not in known
        return count

    def _output(self) -> str:
        """What the ended process wrote to stdout and stderr."""
        out = self.process.stdout.read() if self.process.stdout else ""
        self._stderr.seek(0)
        return out + self._stderr.read()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=30)
        self.contract.server_output.append(self._banner + self._output())
        self._stderr.close()
        if self._home is not None:
            self._home.cleanup()
        return code


T = TypeVar("T")


def wait_until(check: Callable[[], T], *, seconds: float, what: str) -> T:
    """Calls `check` every 50 ms until it returns a true value, which it
    returns; fails the test naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}; last seen: {value!r}")
        time.sleep(0.05)


def sales_table() -> pa.Table:
    """The 250-row table the data tests read: id, city, amount."""
    return pa.table(
        {
            "id": list(range(250)),
            "city": [f"city-{i % 7}" for i in range(250)],
            "amount": [i * 1.5 for i in range(250)],
        }
    )


def create_sales_bucket(s3_endpoint: str, prefix: str) -> str:
    """Creates a fresh bucket on the S3 emulator holding input/sales.parquet; returns its name."""
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="moto",
    )
    s3.create_bucket(Bucket=name)
    sink = io.BytesIO()
    pq.write_table(sales_table(), sink)
    s3.put_object(Bucket=name, Key="input/sales.parquet", Body=sink.getvalue())
    return name


def s3_connection_body(name: str, endpoint: str, secret: str, *, plain_http: bool = True) -> dict[str, object]:
    """A POST /api/connections body for the S3 emulator, with `secret` as the secret key."""
    return {
        "connection_name": name,
        "storage_type": "s3",
        "auth_method": "access_key",
        "aws_region": "us-east-1",
        "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": secret,
        "endpoint_url": endpoint,
        "aws_allow_unsafe_html": plain_http,
    }
