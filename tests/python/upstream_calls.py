"""The same Flowfile calls, run by tests/python/test_upstream_comparison.py in two environments.

Run as `python upstream_calls.py CONFIG_JSON` by our package's python and by
the registry's flowfile package in its own venv; prints what the calls gave,
as JSON, for the test to compare. Only Flowfile's public names are used.
Every place the registry's package keeps state is pointed into CONFIG["home"]
before it is imported (as bench/pypi_flowfile_worker.py does).
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any


def rows(frame: Any) -> dict[str, Any]:
    """What a read gave: the result's library, its columns and its rows in a stable order."""
    collected = frame.collect()
    return {
        "library": type(collected).__module__.split(".")[0],
        "columns": list(collected.columns),
        "rows": sorted(json.dumps(row, sort_keys=True) for row in collected.to_dicts()),
    }


def write_and_read_back(ff: Any, frame: Any, prefix: str, name: str, out: dict[str, Any]) -> None:
    """Every writer both packages share, then what each wrote read back (and the frame a write returns)."""
    out["write_returns"] = rows(frame.write_parquet_to_cloud_storage(f"{prefix}/w.parquet", connection_name=name))
    out["parquet_written"] = rows(ff.scan_parquet_from_cloud_storage(f"{prefix}/w.parquet", connection_name=name))
    frame.write_csv_to_cloud_storage(f"{prefix}/w.csv", connection_name=name)
    out["csv_written"] = rows(ff.scan_csv_from_cloud_storage(f"{prefix}/w.csv", connection_name=name))
    frame.write_json_to_cloud_storage(f"{prefix}/w.json", connection_name=name)
    out["json_written"] = rows(ff.scan_json_from_cloud_storage(f"{prefix}/w.json", connection_name=name))
    ff.write_to_cloud_storage(frame, f"{prefix}/m.csv", file_format="csv", delimiter=",", connection_name=name)
    out["module_csv_written"] = rows(
        ff.read_from_cloud_storage(f"{prefix}/m.csv", file_format="csv", delimiter=",", connection_name=name)
    )
    table = f"{prefix}/table"
    frame.write_delta(table, connection_name=name)
    frame.filter(ff.col("id") == 1).write_delta(table, connection_name=name, write_mode="append")
    frame.filter(ff.col("id") == 2).write_delta(table, connection_name=name, write_mode="append")
    out["delta_latest"] = rows(ff.scan_delta(table, connection_name=name))
    # Version 1, not 0: the registry's package reads version=0 as the latest
    # (docs/migrating-from-flowfile.md).
    out["delta_version_1"] = rows(ff.scan_delta(table, connection_name=name, version=1))


def graph_calls(ff: Any, bucket: str, prefix: str, name: str, home: str, out: dict[str, Any]) -> None:
    """Several frames built into one graph with flow_graph=, written, and the graph saved."""
    graph = ff.create_flow_graph()
    parquet = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/data.parquet", connection_name=name, flow_graph=graph)
    csv = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/data.csv", connection_name=name, flow_graph=graph)
    out["graph_shared"] = [parquet.flow_graph is graph, csv.flow_graph is graph, type(graph).__name__]
    out["graph_parquet"] = rows(parquet.filter(ff.col("amount") > 2))
    out["graph_csv"] = rows(csv)
    parquet.filter(ff.col("id") > 1).write_parquet_to_cloud_storage(f"{prefix}/graph.parquet", connection_name=name)
    out["graph_written"] = rows(ff.scan_parquet_from_cloud_storage(f"{prefix}/graph.parquet", connection_name=name))
    table = ff.scan_delta(f"{prefix}/table", connection_name=name, flow_graph=graph)
    out["graph_delta"] = [table.flow_graph is graph, len(table.collect())]
    # Upstream writes a file named after the flow; ours stores a flow of that name.
    graph.save_flow(f"{home}/graph_flow.yaml")
    out["graph_saved"] = "ok"


def main() -> None:
    """Make a connection to the emulator, then read it back in every way both packages share."""
    config = json.loads(sys.argv[1])
    home = config["home"]
    os.environ.update(
        HOME=home,
        FLOWFILE_HOME=f"{home}/ours",
        FLOWFILE_STORAGE_DIR=f"{home}/flowfile",
        SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_SECURE_STORAGE_PATH=f"{home}/secure",
        FLOWFILE_TELEMETRY="0",
    )
    from pydantic import SecretStr

    import flowfile as ff

    bucket, out = config["bucket"], {}
    connection = ff.FullCloudStorageConnection(
        connection_name="compare",
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key=SecretStr("testing"),
        endpoint_url=config["endpoint"],
        aws_allow_unsafe_html=True,
    )
    ff.create_cloud_storage_connection(connection)
    try:
        ff.create_cloud_storage_connection(connection)
        out["duplicate"] = "no error"
    except ValueError:
        out["duplicate"] = "ValueError"
    out["delete_missing"] = repr(ff.del_cloud_storage_connection("never-made"))
    out["listed"] = [
        [c.connection_name, c.storage_type, c.auth_method, c.aws_region, c.endpoint_url, c.verify_ssl]
        for c in ff.get_all_available_cloud_storage_connections()
    ]
    name = "compare"
    out["parquet"] = rows(ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/data.parquet", connection_name=name))
    out["folder"] = rows(ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/folder/", connection_name=name))
    out["glob"] = rows(ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/**/*.parquet", connection_name=name))
    out["csv"] = rows(ff.scan_csv_from_cloud_storage(f"s3://{bucket}/data.csv", connection_name=name))
    out["json"] = rows(ff.scan_json_from_cloud_storage(f"s3://{bucket}/data.json", connection_name=name))
    out["read_csv"] = rows(
        ff.read_from_cloud_storage(f"s3://{bucket}/data.csv", file_format="csv", connection_name=name)
    )
    frame = ff.scan_parquet_from_cloud_storage(f"s3://{bucket}/data.parquet", connection_name=name)
    out["columns"] = list(frame.columns)
    out["schema"] = {column: str(dtype) for column, dtype in frame.schema.items()}
    out["count"] = frame.count().collect().to_dicts()
    out["sorted_head"] = frame.sort("id", descending=True).head(2).collect().to_dicts()
    out["unique"] = frame.unique().collect().height
    out["chained"] = rows(
        frame.filter(ff.col("amount") > 2).select("id", "amount").with_columns((ff.col("amount") * 2).alias("double"))
    )
    prefix = f"s3://{config['out_bucket']}/{os.path.basename(home)}"
    write_and_read_back(ff, frame, prefix, name, out)
    graph_calls(ff, bucket, prefix, name, home, out)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
