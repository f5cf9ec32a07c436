"""Saved flows from Python and the CLI, against the S3 emulator.

A frame saved as a flow is listed, opened as the same frame, renamed and
deleted; the CLI (`flowfile flows`) sees the same store.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff
from conftest import flowfile_binary

TABLE = pa.table({"id": pa.array(range(20), pa.int64()), "flag": [i % 2 == 0 for i in range(20)]})


@pytest.fixture
def frame(lake: str, bucket: str, s3_client: object) -> ff.LazyFrame:
    buffer = io.BytesIO()
    pq.write_table(TABLE, buffer)
    s3_client.put_object(Bucket=bucket, Key="in/table.parquet", Body=buffer.getvalue())  # type: ignore[attr-defined]
    return ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/in/table.parquet", connection_name=lake)


def cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(flowfile_binary()), "flows", *args, "--output", "json"],
        env=dict(os.environ, FLOWFILE_HOME=str(home)),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_frame_saved_as_a_flow_opens_as_the_same_frame(frame: ff.LazyFrame) -> None:
    # The filters test flag, which the Select then drops.
    built = frame.filter(ff.col("flag") == True, ff.col("id") >= 4).select("id").head(3)  # noqa: E712
    built.save_as_flow("evens")
    assert [flow.name for flow in ff.list_flows()] == ["evens"]
    nodes = ff.get_flow("evens").document["nodes"]  # type: ignore[index]
    assert [node["kind"] for node in nodes] == ["reader", "filter", "filter", "select", "limit"]
    opened = ff.open_flow("evens")
    assert opened.collect().equals(built.collect())
    assert opened.collect()["id"].to_list() == [4, 6, 8]
    with pytest.raises(ff.ConnectionExistsError):
        built.save_as_flow("evens")
    frame.head(1).save_as_flow("evens", replace=True)
    assert ff.open_flow("evens").collect().height == 1


def test_rename_delete_and_missing_flows(frame: ff.LazyFrame) -> None:
    frame.save_as_flow("a")
    assert ff.rename_flow("a", "b").name == "b"
    with pytest.raises(ff.FlowNotFoundError) as missing:
        ff.open_flow("a")
    assert missing.value.field == "name"
    assert isinstance(missing.value, ff.NotFoundError)
    ff.delete_flow("b")
    assert ff.list_flows() == []
    with pytest.raises(ff.FlowNotFoundError):
        ff.delete_flow("b")


def test_a_frame_with_polars_steps_is_refused_by_name(frame: ff.LazyFrame) -> None:
    with pytest.raises(ff.InvalidArgumentError, match="sort"):
        frame.sort("id").save_as_flow("sorted")
    assert ff.list_flows() == []


def test_the_cli_lists_shows_runs_renames_and_deletes_the_same_flows(frame: ff.LazyFrame, flowfile_home: Path) -> None:
    frame.select("id").save_as_flow("from python")
    ff._engine.close()  # type: ignore[attr-defined]  (the CLI opens the same store)
    listed = cli(flowfile_home, "list")
    assert listed.returncode == 0, listed.stderr
    assert [flow["name"] for flow in json.loads(listed.stdout)] == ["from python"]
    shown = cli(flowfile_home, "show", "from python")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["document"]["nodes"][1]["settings"] == {"columns": ["id"]}
    # A flow without a Cloud Storage Writer has nothing to run: exit 2 (invalid argument), said why.
    ran = cli(flowfile_home, "run", "from python")
    assert ran.returncode == 2
    assert "Cloud Storage Writer" in ran.stderr
    assert cli(flowfile_home, "rename", "from python", "renamed").returncode == 0
    assert cli(flowfile_home, "show", "from python").returncode == 3
    assert cli(flowfile_home, "delete", "renamed").returncode == 0
    assert json.loads(cli(flowfile_home, "list").stdout) == []
