"""Saved flows in the browser (saved_flows.mjs), against `flowfile serve`
in embedded and accounts mode and moto's S3. A frame saved from Python
over the embedded server's store is the flow the browser opens; in accounts
mode the admin saves a flow through the API and another user must not see
it. Screenshots go to E2E_ARTIFACTS (saved-flows-*.png)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from e2e_setup import artifacts_dir, s3_connection, s3_endpoint
from flowfile_server import Contract, Server, create_sales_bucket

SECRET = "CANARY-SAVED-FLOWS-3e9a"



def save_from_python(home: str, bucket: str) -> None:
    code = f"""
import flowfile as ff
frame = ff.scan_parquet_from_cloud_storage("s3://{bucket}/input/sales.parquet", connection_name="lake")
frame.select("id", "amount").head(5).save_as_flow("from-python")
"""
    result = subprocess.run(
        [sys.executable, "-c", code], env=dict(os.environ, FLOWFILE_HOME=home), capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr


def put_big_parquet(endpoint: str, bucket: str) -> str:
    """A Parquet object whose copy takes long enough to be cancelled: 8,000,000 rows in 16,000 row groups.

    Idle, the engine copies 2,000,000 rows before a Cancel can arrive."""
    import io

    import boto3
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    rows = 8_000_000
    ids = pa.array(range(rows), pa.int64())
    table = pa.table({"id": ids, "amount": pc.multiply(pc.cast(ids, pa.float64()), 0.5)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=500)
    s3 = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="moto",
    )
    s3.put_object(Bucket=bucket, Key="big/input.parquet", Body=buffer.getvalue())
    return f"s3://{bucket}/big/input.parquet"


def s3_keys(endpoint: str, bucket: str, prefix: str) -> list[str]:
    """The keys under `prefix` in the emulator's bucket."""
    import boto3

    s3 = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="moto",
    )
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return [entry["Key"] for entry in listed.get("Contents", [])]


def main() -> int:
    endpoint = s3_endpoint()
    artifacts = artifacts_dir()
    bucket = create_sales_bucket(endpoint, "saved-flows-e2e")
    contract = Contract()
    server = Server(contract)
    accounts = Server(contract, auth="accounts")
    try:
        client = server.client()
        assert client.post("/api/connections", json=s3_connection("lake", endpoint, SECRET)).status_code == 201
        save_from_python(server.home, bucket)
        big = put_big_parquet(endpoint, bucket)
        document = {
            "nodes": [
                {"id": "r", "kind": "reader", "position": {"x": 20, "y": 60},
                 "settings": {"connection": "lake", "path": big, "format": "parquet"}},
                {"id": "w", "kind": "writer", "position": {"x": 300, "y": 60},
                 "settings": {"connection": "lake", "path": f"s3://{bucket}/big/copy.parquet", "format": "parquet"}},
            ],
            "edges": [{"id": "e", "source": "r", "target": "w"}],
        }
        assert client.post("/api/saved-flows", json={"name": "big copy", "document": document}).status_code == 201

        admin = accounts.client()
        assert admin.sign_in("admin", "a long admin password", setup=True).status_code == 201
        assert admin.post("/api/connections", json=s3_connection("lake", endpoint, SECRET)).status_code == 201
        document = client.get("/api/saved-flows/from-python").json()["document"]
        assert admin.post("/api/saved-flows", json={"name": "admins-flow", "document": document}).status_code == 201
        made = admin.post("/api/accounts", json={"name": "bob", "password": "bob's long password"})
        assert made.status_code == 201, made.text

        run = subprocess.run(
            ["node", str(Path(__file__).with_name("saved_flows.mjs"))],
            check=False,
            timeout=280,
            env=dict(
                os.environ,
                BASE_URL=server.url,
                ACCOUNTS_URL=accounts.url,
                BOB_NAME="bob",
                BOB_PASSWORD="bob's long password",
                BUCKET=bucket,
                CONNECTION="lake",
                ARTIFACTS=artifacts,
            ),
        )
        assert not any(SECRET in e.text + e.headers for e in contract.exchanges), "a secret reached a response"
        if run.returncode == 0:
            names = [flow["name"] for flow in client.get("/api/saved-flows").json()["flows"]]
            assert names == ["big copy", "from-python"], names
            kinds = [n["kind"] for n in client.get("/api/saved-flows/from-python").json()["document"]["nodes"]]
            assert kinds == ["reader", "select", "limit", "writer"], kinds
            print("ok - the store holds what the browser saved")
            copies = s3_keys(endpoint, bucket, "big/copy")
            assert copies == [], f"the cancelled run left {copies}"
            print("ok - the cancelled run wrote nothing")
    finally:
        assert server.stop() == 0
        assert accounts.stop() == 0
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
