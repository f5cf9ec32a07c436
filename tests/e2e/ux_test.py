"""Browser checks of the UX defects listed in issue 17 (ux_defects.mjs),
against `flowfile serve` in embedded mode and moto's S3. The connections it
needs are made through the API: one that works, one whose endpoint refuses,
one on plain http without the opt-in, and one the test deletes. A CSV copy
of the sales data is put beside the Parquet one. Screenshots go to
E2E_ARTIFACTS (ux-*.png). Set FLOWFILE_WEB_ROOT to check another build of
the UI (e.g. the one before the Vue port, where every check fails)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from e2e_setup import artifacts_dir, s3_connection, s3_endpoint
from flowfile_server import Contract, Server, create_sales_bucket

SECRET = "CANARY-UX-SECRET-7c1f"



def main() -> int:
    endpoint = s3_endpoint()
    artifacts = artifacts_dir()
    bucket = create_sales_bucket(endpoint, "ux")
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="moto",
    )
    csv = "id,city,amount\n" + "".join(
        f"{i},city-{i % 7},{i * 1.5}\n" for i in range(20)
    )
    s3.put_object(Bucket=bucket, Key="csv/sales.csv", Body=csv.encode())

    contract = Contract()
    server = Server(contract)
    try:
        client = server.client()
        for name, url, opt_in in [
            ("ux-lake", endpoint, True),
            ("ux-broken", "http://127.0.0.1:9", True),
            ("ux-plain", endpoint, False),
            ("ux-doomed", endpoint, True),
        ]:
            made = client.post("/api/connections", json=s3_connection(name, url, SECRET, plain_http=opt_in))
            assert made.status_code == 201, made.text
        run = subprocess.run(
            ["node", str(Path(__file__).with_name("ux_defects.mjs"))],
            check=False,
            timeout=280,
            env=dict(
                os.environ,
                BASE_URL=server.url,
                BUCKET=bucket,
                GOOD_CONNECTION="ux-lake",
                BROKEN_CONNECTION="ux-broken",
                PLAIN_CONNECTION="ux-plain",
                DOOMED_CONNECTION="ux-doomed",
                S3_ENDPOINT=endpoint,
                ARTIFACTS=artifacts,
            ),
        )
        assert not any(SECRET in e.text + e.headers for e in contract.exchanges), (
            "a secret reached a response"
        )
    finally:
        assert server.stop() == 0
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
