"""The wheel (scikit-build-core) works on its own.

Installed with its dependencies into a fresh virtual environment by
scripts/package-wheel, it imports without the development build and runs the
seed's round trip.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest

ROUND_TRIP = """
import json, sys
import pyarrow as pa
from pydantic import SecretStr
import flowfile as ff

endpoint, bucket, secret = sys.argv[1:4]
ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
    connection_name="data-lake", storage_type="s3", auth_method="access_key", aws_region="us-east-1",
    aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key=SecretStr(secret),
    endpoint_url=endpoint, aws_allow_unsafe_html=True))
path = f"s3://{bucket}/wheel.parquet"
ff.write_parquet_to_cloud_storage(pa.table({"n": [1, 2, 3]}), path, connection_name="data-lake")
rows = ff.scan_parquet_from_cloud_storage(path, connection_name="data-lake").collect()
print(json.dumps({"package": ff.__file__, "native": ff._native.__file__, "n": rows["n"].to_list(),
                  "collected": type(rows).__module__.split(".")[0]}))
"""


def test_installed_wheel_runs_apart_from_the_development_build(
    s3_endpoint: str, bucket: str, canary: str, flowfile_home: Path
) -> None:
    python = os.environ.get("FLOWFILE_WHEEL_PYTHON", "")
    if not python or not Path(python).exists():
        pytest.fail("FLOWFILE_WHEEL_PYTHON names no python: run through scripts/test, which runs scripts/package-wheel")
    env = {"PATH": os.environ["PATH"], "HOME": str(flowfile_home.parent), "FLOWFILE_HOME": str(flowfile_home)}
    run = subprocess.run(
        [python, "-c", ROUND_TRIP, s3_endpoint, bucket, canary],
        env=env,
        cwd=flowfile_home.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    site_packages = Path(python).parents[1].resolve() / "lib"
    assert Path(result["package"]).is_relative_to(site_packages)
    assert Path(result["native"]).is_relative_to(site_packages)
    assert result["n"] == [1, 2, 3]
    assert result["collected"] == "polars"  # polars comes with the wheel, as a dependency
    assert canary not in run.stdout + run.stderr


def test_installed_wheel_puts_the_flowfile_command_on_the_environments_path(
    s3_endpoint: str, bucket: str, canary: str, flowfile_home: Path
) -> None:
    python = Path(os.environ.get("FLOWFILE_WHEEL_PYTHON", ""))
    if not python.is_file():
        pytest.fail("FLOWFILE_WHEEL_PYTHON names no python: run through scripts/test, which runs scripts/package-wheel")
    command = python.parent / "flowfile"
    assert command.is_file(), f"no flowfile command in {python.parent}"
    # Only the environment's bin on PATH, as an activated environment has it: the command finds its own Arrow.
    env = {
        "PATH": f"{python.parent}:/usr/bin:/bin",
        "HOME": str(flowfile_home.parent),
        "FLOWFILE_HOME": str(flowfile_home),
    }
    version = subprocess.run(
        ["flowfile", "--version"], env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert version.startswith("flowfile ") and "Apache Arrow" in version, version

    # The command and the package share one store: a connection made in Python is listed by the command.
    subprocess.run(
        [str(python), "-c", ROUND_TRIP, s3_endpoint, bucket, canary],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    listed = subprocess.run(
        ["flowfile", "connections", "list", "--output", "json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert [c["connection_name"] for c in json.loads(listed.stdout)] == ["data-lake"]
    assert canary not in listed.stdout + listed.stderr

    # `flowfile serve` from the wheel serves the web UI installed beside it.
    server = subprocess.Popen(
        ["flowfile", "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        line = server.stdout.readline()
        url = line.split("serving ", 1)[1].split(" ", 1)[0]
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode()
        assert response.status == 200 and "<html" in page.lower(), page[:200]
    finally:
        server.terminate()
        server.wait(timeout=30)
