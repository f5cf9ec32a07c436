"""The wheel (scikit-build-core) works on its own.

Installed with its dependencies into a fresh virtual environment by
scripts/package-wheel, it imports without the development build and runs the
seed's round trip.
"""

from __future__ import annotations

import json
import os
import subprocess
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
