"""Fixtures for the flowfile Python suite.

Every test gets its own FLOWFILE_HOME (set before the engine first opens) and
a closed engine afterwards, so tests never share a store. Tests that need the
S3 emulator read FLOWFILE_TEST_S3_ENDPOINT and fail, not skip, without it.
"""

from __future__ import annotations

import os
import secrets
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

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
