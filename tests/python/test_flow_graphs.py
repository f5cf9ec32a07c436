"""Flowfile's ``flow_graph=``: several frames recorded in one FlowGraph, saved as one flow, against the S3 emulator.

Frames read with ``flow_graph=g`` (and every frame made from them, and their
writes) are saved by ``g.save_flow(name)`` as one flow of the user's store,
which lists, runs and opens again like any saved flow.
"""

from __future__ import annotations

import io
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import flowfile as ff

TABLE = pa.table({"id": pa.array(range(20), pa.int64()), "flag": [i % 2 == 0 for i in range(20)]})


@pytest.fixture
def source(lake: str, bucket: str, s3_client: Any) -> str:
    buffer = io.BytesIO()
    pq.write_table(TABLE, buffer)
    s3_client.put_object(Bucket=bucket, Key="in/table.parquet", Body=buffer.getvalue())
    s3_client.put_object(Bucket=bucket, Key="in/names.csv", Body=b"id,name\n1,Oslo\n2,Lima\n")
    return f"s3://{bucket}/in"


def test_frames_read_into_one_graph_save_as_one_flow_with_every_reader_and_writer(
    source: str, lake: str, bucket: str
) -> None:
    graph = ff.create_flow_graph()
    assert isinstance(graph, ff.FlowGraph) and graph.name == f"Flow_{graph.flow_id}"
    base = ff.scan_parquet_from_cloud_storage(f"{source}/table.parquet", connection_name=lake, flow_graph=graph)
    base = base.filter(ff.col("id") >= 4)
    evens = base.filter(ff.col("flag") == True)  # noqa: E712
    evens.write_parquet_to_cloud_storage(f"s3://{bucket}/out/evens.parquet", connection_name=lake)
    top = base.sort("id", descending=True, nulls_last=True).head(3)
    top.write_csv_to_cloud_storage(f"s3://{bucket}/out/top.csv", connection_name=lake)
    names = ff.scan_csv_from_cloud_storage(f"{source}/names.csv", connection_name=lake, delimiter=",", flow_graph=graph)
    assert evens.flow_graph is graph and top.flow_graph is graph and names.flow_graph is graph

    saved = graph.save_flow("pipeline.yaml")  # Flowfile's file name names the flow

    assert saved.name == graph.name == "pipeline"
    assert [flow.name for flow in ff.list_flows()] == ["pipeline"]
    kinds = [node.node_type for node in graph.nodes]
    assert kinds == ["reader", "filter", "filter", "writer", "sort", "limit", "writer", "reader"]
    # Both branches start from the one Reader and its Filter (n2); the CSV Reader stands alone.
    assert graph.node_connections == [
        ("n1", "n2"),
        ("n2", "n3"),
        ("n3", "n4"),
        ("n2", "n5"),
        ("n5", "n6"),
        ("n6", "n7"),
    ]
    assert graph.get_node("n4").settings["path"] == f"s3://{bucket}/out/evens.parquet"  # type: ignore[union-attr]

    ran = ff.run_flow("pipeline")
    assert [result.rows for result in ran] == [8, 3]
    written = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/out/top.csv", connection_name=lake)
    assert written.collect()["id"].to_list() == [19, 18, 17]
    reopened = ff.open_flow_graph("pipeline")
    assert [node.node_type for node in reopened.nodes] == kinds
    assert [result.rows for result in reopened.run_graph()] == [8, 3]
    assert [result.rows for result in graph.run_graph()] == [8, 3]
    with pytest.raises(ff.InvalidArgumentError, match="2 Cloud Storage Readers"):
        ff.open_flow("pipeline")  # a frame opens from a flow with one Reader


def test_a_frame_read_without_flow_graph_has_a_graph_another_read_can_join(source: str, lake: str) -> None:
    left = ff.scan_parquet_from_cloud_storage(f"{source}/table.parquet", connection_name=lake)
    right = ff.read_from_cloud_storage(
        f"{source}/names.csv", file_format="csv", delimiter=",", connection_name=lake, flow_graph=left.flow_graph
    )
    assert right.flow_graph is left.flow_graph
    kept = left.select("id").head(2)
    kept.save_graph("two readers")
    kinds = [node.node_type for node in ff.open_flow_graph("two readers").nodes]
    assert kinds == ["reader", "select", "limit", "reader"]
    # One frame's own graph saves as save_as_flow saves that frame.
    alone = ff.scan_parquet_from_cloud_storage(f"{source}/table.parquet", connection_name=lake).head(2)
    alone.flow_graph.save_flow("alone")
    assert ff.open_flow("alone").collect().equals(alone.collect())


def test_engine_steps_of_one_call_are_one_node_and_a_polars_step_is_refused_by_name(source: str, lake: str) -> None:
    graph = ff.create_flow_graph(flow_id=7)
    assert graph.name == "Flow_7"
    frame = ff.scan_parquet_from_cloud_storage(f"{source}/table.parquet", connection_name=lake, flow_graph=graph)
    doubled = frame.with_columns((ff.col("id") * 2).alias("twice"))
    assert doubled.collect()["twice"].to_list()[:3] == [0, 2, 4]
    graph.save_flow("doubled")
    assert [node.node_type for node in graph.nodes] == ["reader", "add_column"]
    doubled.unique()  # a polars step: a flow cannot hold it
    with pytest.raises(ff.InvalidArgumentError, match="unique"):
        graph.save_flow("unique")
    assert [flow.name for flow in ff.list_flows()] == ["doubled"]


def test_open_graph_in_editor_saves_the_flow_and_says_it_opens_no_browser(source: str, lake: str) -> None:
    graph = ff.create_flow_graph()
    ff.scan_parquet_from_cloud_storage(f"{source}/table.parquet", connection_name=lake, flow_graph=graph)
    with pytest.warns(UserWarning, match="flowfile serve"):
        assert ff.open_graph_in_editor(graph) is True
    assert ff.open_graph_in_editor(graph, storage_location="./my_pipeline.yaml", automatically_open_browser=False)
    assert sorted(flow.name for flow in ff.list_flows()) == sorted([f"Flow_{graph.flow_id}", "my_pipeline"])


def test_a_graph_that_is_not_ours_an_opened_graph_and_server_mode_are_refused(
    source: str, lake: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = f"{source}/table.parquet"
    with pytest.raises(ff.InvalidArgumentError, match="FlowGraph") as wrong:
        ff.scan_parquet_from_cloud_storage(path, connection_name=lake, flow_graph=object())  # type: ignore[arg-type]
    assert wrong.value.field == "flow_graph"
    graph = ff.create_flow_graph()
    ff.scan_parquet_from_cloud_storage(path, connection_name=lake, flow_graph=graph).save_graph("saved")
    with pytest.raises(ff.InvalidArgumentError, match="takes no new frames"):
        ff.scan_parquet_from_cloud_storage(path, connection_name=lake, flow_graph=ff.open_flow_graph("saved"))
    monkeypatch.setenv("FLOWFILE_API_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("FLOWFILE_API_TOKEN", "not-used")
    with pytest.raises(ff.InvalidArgumentError, match="embedded engine"):
        graph.save_flow("in server mode")


def test_a_delta_read_keeps_its_version_in_the_flow(lake: str, bucket: str) -> None:
    table = f"s3://{bucket}/table"
    ff.write_to_cloud_storage(TABLE.slice(0, 3), table, file_format="delta", connection_name=lake)
    ff.write_to_cloud_storage(TABLE, table, file_format="delta", connection_name=lake)
    graph = ff.create_flow_graph()
    first = ff.scan_delta(table, connection_name=lake, version=0, flow_graph=graph)
    first.sort("id", descending=True, nulls_last=True).save_graph("first version")
    reader = ff.get_flow("first version").document["nodes"][0]  # type: ignore[index]
    assert (reader["kind"], reader["settings"]["format"], reader["settings"]["version"]) == ("reader", "delta", 0)
    assert ff.open_flow("first version").collect()["id"].to_list() == [2, 1, 0]
