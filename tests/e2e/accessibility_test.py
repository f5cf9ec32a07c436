"""Accessibility and small screens in the browser (accessibility.mjs), in
embedded and accounts mode, against `flowfile serve` and moto's S3: a flow
built and run with the keyboard alone, focus in every dialog, an accessible
name on every control, no emoji, and no sideways scrolling at 375 px.
Screenshots go to E2E_ARTIFACTS (a11y-*.png). Needs FLOWFILE_TEST_S3_ENDPOINT
(scripts/test starts moto)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))
from e2e_setup import artifacts_dir, s3_connection, s3_endpoint
from flowfile_server import Contract, Server, create_sales_bucket

SECRET = "CANARY-A11Y-SECRET-5d0b"
ADMIN_PASSWORD = "a long admin password"



def main() -> int:
    endpoint = s3_endpoint()
    artifacts = artifacts_dir()
    bucket = create_sales_bucket(endpoint, "a11y")
    contract = Contract()
    server = Server(contract)
    accounts = Server(contract, auth="accounts")
    try:
        client = server.client()
        # A long name: the 375 px checks need a row and a dropdown choice that do not fit by luck.
        for name in ["a11y-lake", "a11y-lake-with-a-rather-long-name"]:
            made = client.post("/api/connections", json=s3_connection(name, endpoint, SECRET))
            assert made.status_code == 201, made.text
        admin = accounts.client()
        assert admin.sign_in("admin", ADMIN_PASSWORD, setup=True).status_code == 201
        assert admin.post("/api/connections", json=s3_connection("a11y-lake", endpoint, SECRET)).status_code == 201
        run = subprocess.run(
            ["node", str(Path(__file__).with_name("accessibility.mjs"))],
            check=False,
            timeout=280,
            env=dict(
                os.environ,
                BASE_URL=server.url,
                ACCOUNTS_URL=accounts.url,
                ADMIN_NAME="admin",
                ADMIN_PASSWORD=ADMIN_PASSWORD,
                BUCKET=bucket,
                CONNECTION="a11y-lake",
                LONG_CONNECTION="a11y-lake-with-a-rather-long-name",
                ARTIFACTS=artifacts,
            ),
        )
        assert not any(SECRET in e.text + e.headers for e in contract.exchanges), "a secret reached a response"
    finally:
        assert server.stop() == 0
        assert accounts.stop() == 0
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
