"""Browser end-to-end test: a connection created from Python appears in the
Reader node, previews rows from moto's S3, the Writer node writes them
through a connection created in the UI, and the result is read back from
Python; the UI-made connection is then used from the API. Neither secret
shows in any response, the browser's included, nor in what the servers
wrote. Screenshots go to E2E_ARTIFACTS. Needs FLOWFILE_TEST_S3_ENDPOINT
(scripts/test starts moto)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from e2e_setup import artifacts_dir, s3_endpoint
from flowfile_server import Contract, Server, create_sales_bucket

CANARY = "CANARY-E2E-SECRET-51b2"
UI_SECRET = "CANARY-E2E-UI-SECRET-9d4e"


def run_python(home: str, code: str) -> str:
    """Runs `code` in a fresh Python process over the data directory `home`."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=dict(os.environ, FLOWFILE_HOME=home),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert CANARY not in result.stdout + result.stderr, "canary secret printed by the Python package"
    return result.stdout


def main() -> int:
    endpoint = s3_endpoint()
    artifacts = artifacts_dir()
    bucket = create_sales_bucket(endpoint, "e2e")

    traffic_file = Path(tempfile.mkdtemp(prefix="flowfile-e2e-")) / "traffic.json"
    contract = Contract()
    server = Server(contract)
    accounts_server = Server(contract, auth="accounts")
    passed = 0
    try:
        client = server.client()
        # Made with the Python package over the server's own store, as a user would.
        run_python(
            server.home,
            f"""
import flowfile as ff
from pydantic import SecretStr
ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
    connection_name="py-lake", storage_type="s3", auth_method="access_key",
    aws_region="us-east-1", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
    aws_secret_access_key=SecretStr({CANARY!r}), endpoint_url={endpoint!r},
    aws_allow_unsafe_html=True))
""",
        )

        broken = client.post(
            "/api/connections",
            json={
                "connection_name": "py-broken",
                "storage_type": "s3",
                "auth_method": "access_key",
                "aws_region": "us-east-1",
                "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_access_key": CANARY,
                "endpoint_url": "http://127.0.0.1:9",
                "aws_allow_unsafe_html": True,
            },
        )
        assert broken.status_code == 201, broken.text

        node_env = dict(
            os.environ,
            BASE_URL=server.url,
            BUCKET=bucket,
            PY_CONNECTION="py-lake",
            BROKEN_CONNECTION="py-broken",
            ACCOUNTS_URL=accounts_server.url,
            SETUP_CODE=accounts_server.setup_code(),
            UI_CONNECTION="ui-lake",
            UI_SECRET=UI_SECRET,
            S3_ENDPOINT=endpoint,
            ARTIFACTS=artifacts,
            TRAFFIC=str(traffic_file),
        )
        script = Path(__file__).with_name("ui_flow.mjs")
        run = subprocess.run(
            ["node", str(script)], check=False, env=node_env, timeout=240
        )
        assert run.returncode == 0, "the browser flow failed (see its output above)"
        passed += 1

        # Read back in Python through the connection made in the UI.
        rows = run_python(
            server.home,
            f"""
import flowfile as ff
back = ff.scan_parquet_from_cloud_storage(
    "s3://{bucket}/output/from-ui.parquet", connection_name="ui-lake").to_arrow()
assert back.column_names == ["id", "city", "amount"], back.schema
assert back.column("amount").to_pylist() == [i * 1.5 for i in range(250)]
print(back.num_rows)
""",
        )
        assert rows.strip() == "250", rows
        print("ok - Python reads every row written from the UI, through the UI-made connection")
        passed += 1

        ui_made = client.get("/api/connections/ui-lake")
        assert ui_made.status_code == 200 and ui_made.json()["secrets_set"] == [
            "aws_secret_access_key"
        ]
        preview = client.post(
            "/api/data/preview",
            json={
                "connection": "ui-lake",
                "path": f"s3://{bucket}/output/from-ui.parquet",
                "limit": 3,
            },
        )
        assert preview.status_code == 200 and preview.json()["row_count"] == 3, (
            preview.text
        )
        print("ok - the connection created in the UI works from the API")
        passed += 1

        everything = [e.text + e.headers for e in contract.exchanges]
        everything.append(
            requests.get(server.url + "/api/connections", timeout=10).text
        )
        assert not any(CANARY in text or UI_SECRET in text for text in everything), (
            "a secret reached a response"
        )
        browser = json.loads(traffic_file.read_text())
        api_calls = [r for r in browser if "/api/" in r["url"]]
        assert len(api_calls) >= 20, f"the browser's traffic was not recorded: {len(browser)} responses"
        leaked = [
            f"{r['status']} {r['url']}"
            for r in browser
            if any(s in r["body"] or s in json.dumps(r["headers"]) for s in (CANARY, UI_SECRET))
        ]
        assert not leaked, f"a secret reached the browser in {leaked}"
        print(f"ok - no secret in any response, the browser's {len(browser)} included")
        passed += 1
        shots = sorted(p.name for p in Path(artifacts).glob("*.png"))
        assert len(shots) >= 9, f"screenshots: {shots}"
        print(f"screenshots in {artifacts}: {', '.join(shots)}")
    finally:
        assert server.stop() == 0
        assert accounts_server.stop() == 0
        traffic_file.unlink(missing_ok=True)
        traffic_file.parent.rmdir()
    written = contract.server_output
    assert len(written) == 2 and all("serving http://" in text for text in written), written
    assert not any(CANARY in text or UI_SECRET in text for text in written), (
        "a secret reached what a server wrote"
    )
    print("ok - no secret in what the servers wrote")
    passed += 1
    print(f"e2e: {passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
