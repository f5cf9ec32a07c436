"""The same calls against our package and the registry's flowfile 0.23.3: any difference fails.

The registry's package runs in its own venv (<build>/bench-peers/venv, made
and filled by bench/registry_peers.py on first use, several minutes), both
against the S3 emulator; tests/python/upstream_calls.py holds the calls.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from conftest import ROOT, package_paths

CALLS = Path(__file__).with_name("upstream_calls.py")
TABLE = pa.table({"id": [1, 2, 3], "city": ["Oslo", "Lima", "Oslo"], "amount": [1.5, 2.5, 3.5]})


def registry_python() -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from registry_peers import ensure_venv  # type: ignore[import-not-found]

    build = Path(os.environ.get("FLOWFILE_BUILD_DIR", ROOT / "build")).resolve()
    return ensure_venv(build)  # type: ignore[no-any-return]


def run_calls(python: Path, home: Path, config: dict[str, str], extra_env: dict[str, str]) -> dict[str, Any]:
    home.mkdir()
    env = {"PATH": os.environ["PATH"], **extra_env}
    run = subprocess.run(
        [str(python), str(CALLS), json.dumps({**config, "home": str(home)})],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=home,
    )
    assert run.returncode == 0, f"{python}: {run.stderr[-3000:]}"
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_upstreams_calls_give_the_same_results(s3_endpoint: str, bucket: str, s3_client: Any, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(TABLE, buffer)
    for key in ("data.parquet", "folder/a.parquet", "folder/b.parquet"):
        s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
    s3_client.put_object(Bucket=bucket, Key="data.csv", Body=b"id;city\n1;Oslo\n2;Lima\n")
    s3_client.put_object(Bucket=bucket, Key="data.json", Body=b'{"id":1,"city":"Oslo"}\n{"id":2,"city":"Lima"}\n')
    # What each package writes goes to a bucket of its own, out of the reads' globs.
    out_bucket = f"{bucket}-written"
    s3_client.create_bucket(Bucket=out_bucket)
    config = {"endpoint": s3_endpoint, "bucket": bucket, "out_bucket": out_bucket}

    upstream = run_calls(registry_python(), tmp_path / "upstream", config, {})
    ours = run_calls(Path(sys.executable), tmp_path / "ours", config, {"PYTHONPATH": os.pathsep.join(package_paths())})

    assert upstream["parquet"]["rows"], "the registry's package read nothing: the comparison would prove nothing"
    assert len(upstream["glob"]["rows"]) == 9  # '**' also matched data.parquet at the top level
    assert len(upstream["delta_latest"]["rows"]) == 5 and len(upstream["delta_version_1"]["rows"]) == 4
    # flow_graph=: both packages put the frames in the one graph given, and read and write the same rows.
    assert upstream["graph_shared"] == [True, True, "FlowGraph"] and upstream["graph_delta"] == [True, 5]
    assert len(upstream["graph_written"]["rows"]) == 2 and upstream["graph_saved"] == "ok"
    for key in upstream:
        assert ours[key] == upstream[key], f"{key}: ours {ours[key]!r}, the registry's {upstream[key]!r}"
