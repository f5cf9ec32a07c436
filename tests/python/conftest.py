"""Fixtures for the flowfile Python suite.

Every test gets its own FLOWFILE_HOME (set before the engine first opens) and
a closed engine afterwards, so tests never share a store. Tests that need the
S3 emulator read FLOWFILE_TEST_S3_ENDPOINT and fail, not skip, without it.
Server-mode tests run `flowfile serve` from FLOWFILE_BUILD_DIR (``server``,
``local_server``) and make accounts and API tokens with ``Browser``.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import traceback
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]


def package_paths() -> list[str]:
    """sys.path entries that import flowfile from this checkout and the build in FLOWFILE_BUILD_DIR."""
    paths = [str(ROOT / "python")]
    build_dir = os.environ.get("FLOWFILE_BUILD_DIR")
    if build_dir:
        paths.append(str(Path(build_dir).resolve() / "python"))
    return paths


for _path in reversed(package_paths()):
    sys.path.insert(0, _path)

import flowfile as ff  # noqa: E402
import flowfile._engine  # noqa: E402

S3_REGION = "us-east-1"
PACKAGE_DIR = Path(ff.__file__).resolve().parent


@pytest.fixture(autouse=True)
def flowfile_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh, empty FLOWFILE_HOME for each test, with the embedded engine reopened there."""
    home = tmp_path / "flowfile-home"
    monkeypatch.setenv("FLOWFILE_HOME", str(home))
    for name in ("FLOWFILE_MASTER_KEY", "FLOWFILE_API_URL", "FLOWFILE_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    flowfile._engine.close()
    yield home
    flowfile._engine.close()


@pytest.fixture
def canary() -> str:
    """A secret value planted in connections; it must never come back out."""
    return "CANARY-" + secrets.token_hex(16)


@pytest.fixture
def s3_endpoint() -> str:
    """The S3 emulator's URL (scripts/services/moto); fails the test when it is not running."""
    endpoint = os.environ.get("FLOWFILE_TEST_S3_ENDPOINT")
    if not endpoint:
        pytest.fail("FLOWFILE_TEST_S3_ENDPOINT is not set: start the emulator with scripts/services/all start DIR")
    return endpoint


@pytest.fixture
def s3_client(s3_endpoint: str) -> object:
    """A boto3 S3 client on the emulator, for arranging buckets and objects."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=S3_REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


@pytest.fixture
def bucket(s3_client: object, request: pytest.FixtureRequest) -> str:
    """A new, empty bucket on the emulator, named after the test."""
    name = "t-" + secrets.token_hex(6)
    s3_client.create_bucket(Bucket=name)  # type: ignore[attr-defined]
    return name


def emulator_connection(name: str, endpoint: str, secret: str) -> ff.FullCloudStorageConnection:
    """An access-key S3 connection to the emulator, holding `secret` as its secret key."""
    from pydantic import SecretStr

    return ff.FullCloudStorageConnection(
        connection_name=name,
        storage_type="s3",
        auth_method="access_key",
        aws_region=S3_REGION,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SecretStr(secret),
        endpoint_url=endpoint,
        aws_allow_unsafe_html=True,
    )


@pytest.fixture
def lake(s3_endpoint: str, canary: str) -> str:
    """A stored connection named "data-lake" to the emulator, whose secret is the canary."""
    ff.create_cloud_storage_connection(emulator_connection("data-lake", s3_endpoint, canary))
    return "data-lake"


def assert_exception_is_clean(error: BaseException, canary: str) -> None:
    """str, repr and traceback text hold no canary, nor does any local of flowfile's own frames."""
    assert canary not in str(error)
    assert canary not in repr(error)
    assert canary not in "".join(traceback.format_exception(error))
    frame_tb = error.__traceback__
    while frame_tb is not None:
        frame = frame_tb.tb_frame
        if Path(frame.f_code.co_filename).resolve().is_relative_to(PACKAGE_DIR):
            for name, value in frame.f_locals.items():
                assert canary not in repr(value), f"{frame.f_code.co_name}: local {name} shows the secret"
                assert canary not in str(value), f"{frame.f_code.co_name}: local {name} shows the secret"
        frame_tb = frame_tb.tb_next


def flowfile_binary() -> Path:
    """The `flowfile` command of the build in FLOWFILE_BUILD_DIR; fails the test when it is missing."""
    build_dir = os.environ.get("FLOWFILE_BUILD_DIR")
    if not build_dir:
        pytest.fail("FLOWFILE_BUILD_DIR is not set: it names the build with the flowfile binary (scripts/test sets it)")
    binary = Path(build_dir) / "src" / "cli" / "flowfile"
    if not binary.is_file():
        pytest.fail(f"{binary} is missing: build the flowfile target")
    return binary


@dataclass
class Server:
    """A running `flowfile serve`, its base URL, and the file its standard error goes to."""

    url: str
    process: subprocess.Popen[str]
    log: Path


def start_server(home: Path, auth: str) -> Iterator[Server]:
    """Run `flowfile serve` on a free loopback port with its store in `home`; stop it afterwards."""
    env = dict(os.environ, FLOWFILE_HOME=str(home), FLOWFILE_AUTH=auth, FLOWFILE_ALLOWED_ENDPOINT_HOSTS="loopback")
    log = home.with_name(home.name + ".log")
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(flowfile_binary()), "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=stderr, text=True
        )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert match, f"no listening line from flowfile serve, got {line!r}; its log: {log.read_text()}"
        yield Server(match[0], process, log)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    assert process.returncode in (0, -signal.SIGTERM), f"flowfile serve exited {process.returncode}: {log.read_text()}"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`flowfile serve` with accounts, on a free loopback port, with its own store."""
    yield from start_server(tmp_path / "server-home", "accounts")


@pytest.fixture
def local_server(tmp_path: Path) -> Iterator[Server]:
    """`flowfile serve` without accounts (the local user), with a store apart from the test's FLOWFILE_HOME."""
    yield from start_server(tmp_path / "server-home", "embedded")


class Browser:
    """A signed-in user of the server, for arranging accounts and tokens."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.csrf = ""

    def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST a JSON body with the session cookie and CSRF token; the JSON answer."""
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "X-CSRF-Token": self.csrf},
        )
        with self.opener.open(request, timeout=60) as response:
            answer = json.loads(response.read())
        self.csrf = answer.get("csrf_token", self.csrf)
        return answer

    def new_token(self) -> str:
        """A new API token of this user."""
        return str(self.post("/api/tokens", {"name": "python"})["token"])


def setup_code(server: Server) -> str:
    """The one-time set-up code the server printed on its standard error (its log) at start."""
    for _ in range(500):
        found = re.search(r"set-up code (\S+)", server.log.read_text())
        if found:
            return found[1]
        time.sleep(0.02)
    pytest.fail(f"flowfile serve printed no set-up code: {server.log.read_text()}")


@pytest.fixture
def tokens(server: Server) -> dict[str, str]:
    """API tokens of two users, alice (the first admin) and bob."""
    alice = Browser(server.url)
    alice.post(
        "/api/setup", {"name": "alice", "password": "correct horse battery staple", "setup_code": setup_code(server)}
    )
    alice.post("/api/accounts", {"name": "bob", "password": "another long password"})
    bob = Browser(server.url)
    bob.post("/api/login", {"name": "bob", "password": "another long password"})
    return {"alice": alice.new_token(), "bob": bob.new_token()}


def use_server(monkeypatch: pytest.MonkeyPatch, server: Server, token: str) -> None:
    """Server mode from now on: flowfile calls go to `server` as the user of `token`."""
    monkeypatch.setenv("FLOWFILE_API_URL", server.url)
    monkeypatch.setenv("FLOWFILE_API_TOKEN", token)
