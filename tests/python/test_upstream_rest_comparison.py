"""Upstream Flowfile's cloud routes, called the same way on our server and on the registry's flowfile_core app.

tests/python/upstream_rest_calls.py holds the calls; it runs once in the
registry's venv (<build>/bench-peers/venv, as test_upstream_comparison.py
uses) against flowfile_core's own FastAPI app, and once against `flowfile
serve`, both over the same S3 emulator bucket. Every status and answer must
match, except the documented differences (docs/migrating-from-flowfile.md):
connection ids are null here, a bucket or folder has no last_modified, and
a listing also says whether its folder is an Iceberg table.
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

from conftest import Server
from test_upstream_comparison import registry_python

CALLS = Path(__file__).with_name("upstream_rest_calls.py")


def run_calls(python: Path, config: dict[str, Any], cwd: Path) -> dict[str, Any]:
    cwd.mkdir()
    run = subprocess.run(
        [str(python), str(CALLS), json.dumps(config)],
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=cwd,
    )
    assert run.returncode == 0, f"{python}: {run.stderr[-3000:]}"
    return json.loads(run.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def without_documented_differences(answers: dict[str, Any]) -> dict[str, Any]:
    """The answers with connection ids and the entry dates of buckets and folders set aside."""
    for key in ("list", "list_after_update"):
        for connection in answers[key][1]:
            connection["id"] = None
    for key in ("browse", "browse_folder"):
        # Ours also says whether the folder is an Iceberg table.
        answers[key][1].pop("current_is_iceberg_table", None)
        for entry in answers[key][1]["entries"]:
            if entry["is_directory"]:
                entry["last_modified"] = None
    return answers


def test_upstreams_rest_calls_give_the_same_answers(
    local_server: Server, s3_endpoint: str, bucket: str, s3_client: Any, tmp_path: Path
) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"id": [1, 2]}), buffer)
    for key in ("data.parquet", "folder/a.parquet", "folder/b.csv"):
        s3_client.put_object(Bucket=bucket, Key=key, Body=buffer.getvalue())
    config = {"endpoint": s3_endpoint, "bucket": bucket}

    upstream = run_calls(registry_python(), {**config, "home": str(tmp_path / "upstream")}, tmp_path / "upstream")
    ours = run_calls(Path(sys.executable), {**config, "url": local_server.url}, tmp_path / "ours")

    assert upstream["create"][0] == 200 and upstream["list"][1], "the registry's app made nothing: nothing compared"
    assert upstream.keys() == ours.keys()
    assert ours["browse"][1]["current_is_iceberg_table"] is False
    upstream, ours = without_documented_differences(upstream), without_documented_differences(ours)
    for key in upstream:
        assert ours[key] == upstream[key], f"{key}: ours {ours[key]!r}, the registry's {upstream[key]!r}"
