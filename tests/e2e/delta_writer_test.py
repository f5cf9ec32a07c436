"""The Writer node's Delta settings in the browser (delta_writer.mjs) against
`flowfile serve` and moto's S3: a table made from Python is upserted from
the UI by a merge key and its history lists the merge; then a saved flow
with a Delta delete runs from the CLI (`flowfile flows run`). Python reads
the results back. No secret reaches a response or the CLI's output.
Screenshots go to E2E_ARTIFACTS (delta-*.png)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from e2e_setup import artifacts_dir, s3_connection, s3_endpoint
from flowfile_server import Contract, Server, create_sales_bucket

SECRET = "CANARY-DELTA-E2E-7c1d"



def python(home: str, code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ, FLOWFILE_HOME=home), capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    return result.stdout


def main() -> int:
    endpoint = s3_endpoint()
    artifacts = artifacts_dir()
    bucket = create_sales_bucket(endpoint, "delta-e2e")
    table = f"s3://{bucket}/tables/sales"
    contract = Contract()
    server = Server(contract)
    try:
        client = server.client()
        assert client.post("/api/connections", json=s3_connection("lake", endpoint, SECRET)).status_code == 201
        # Version 0: the first 100 sales, each amount negated (the upsert puts them back).
        python(server.home, f"""
import flowfile as ff, pyarrow.compute as pc
sales = ff.scan_parquet_from_cloud_storage("s3://{bucket}/input/sales.parquet", connection_name="lake").to_arrow()
first = sales.slice(0, 100)
first = first.set_column(2, "amount", pc.negate(first.column("amount")))
ff.write_to_cloud_storage(first, "{table}", file_format="delta", connection_name="lake")
""")
        run = subprocess.run(
            ["node", str(Path(__file__).with_name("delta_writer.mjs"))], check=False, timeout=240,
            env=dict(os.environ, BASE_URL=server.url, BUCKET=bucket, CONNECTION="lake", TABLE=table,
                     ARTIFACTS=artifacts),
        )
        assert run.returncode == 0, "the browser steps failed (see their output above)"
        rows = json.loads(python(server.home, f"""
import json, flowfile as ff
rows = ff.scan_delta("{table}", connection_name="lake").to_arrow()
print(json.dumps([rows.num_rows, min(rows.column("amount").to_pylist())]))
"""))
        assert rows == [250, 0.0], rows  # every sale once, none negated
        print("ok - Python reads the table the UI upserted: every key once, with the new rows")

        # The CLI runs a saved flow whose Writer deletes by key: ids 0..9 leave the table.
        document = {
            "nodes": [
                {"id": "r", "kind": "reader", "position": {"x": 20, "y": 60},
                 "settings": {"connection": "lake", "path": f"s3://{bucket}/input/sales.parquet"}},
                {"id": "l", "kind": "limit", "position": {"x": 200, "y": 60}, "settings": {"rows": 10}},
                {"id": "w", "kind": "writer", "position": {"x": 380, "y": 60},
                 "settings": {"connection": "lake", "path": table, "format": "delta", "write_mode": "delete",
                              "merge_keys": ["id"]}},
            ],
            "edges": [{"id": "e1", "source": "r", "target": "l"}, {"id": "e2", "source": "l", "target": "w"}],
        }
        saved = client.post("/api/saved-flows", json={"name": "delete-first", "document": document})
        assert saved.status_code == 201, saved.text
        binary = os.environ["FLOWFILE_BINARY"]
        ran = subprocess.run(
            [binary, "flows", "run", "delete-first", "--output", "json"], capture_output=True, text=True,
            env=dict(os.environ, FLOWFILE_HOME=server.home), timeout=120, check=False,
        )
        assert ran.returncode == 0, ran.stderr
        assert SECRET not in ran.stdout + ran.stderr
        left = python(server.home, f"""
import flowfile as ff
rows = ff.scan_delta("{table}", connection_name="lake").to_arrow()
print(rows.num_rows, min(rows.column("id").to_pylist()), len(ff.delta_history("{table}", connection_name="lake")))
""").split()
        assert left == ["240", "10", "3"], left
        print("ok - the CLI runs a saved flow that deletes from the table by key")
        assert not any(SECRET in e.text + e.headers for e in contract.exchanges), "a secret reached a response"
        print("ok - no secret in any response")
    finally:
        assert server.stop() == 0
    assert not any(SECRET in text for text in contract.server_output), "a secret reached what the server wrote"
    print("delta e2e: 3 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
