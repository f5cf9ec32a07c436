"""FLOWFILE_MASTER_KEY mode: the server, the CLI's `keys rotate` and
restarts with several key versions, on one data directory. The TLS + IAM
emulator (moto-secure) checks every signature, so a passing connection test
proves the secret opened to its exact value."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import s3_connection
from flowfile_server import Contract, Server, flowfile_binary


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def secure_emulator() -> tuple[str, str, str]:
    names = (
        "FLOWFILE_TEST_S3_SECURE_ENDPOINT",
        "FLOWFILE_TEST_S3_SECURE_KEY_ID",
        "FLOWFILE_TEST_S3_SECURE_SECRET",
    )
    values = [os.environ.get(name, "") for name in names]
    assert all(values), f"{names} are not set: run through scripts/test"
    return values[0], values[1], values[2]


def connection_test_passes(server: Server, name: str) -> bool:
    answer = server.client().post(f"/api/connections/{name}/test", json={"path": ""})
    assert answer.status_code == 200, answer.text
    return bool(answer.json()["ok"])


def test_environment_keys_serve_rotate_and_retire_the_old_version(
    contract: Contract,
) -> None:
    endpoint, key_id, secret = secure_emulator()
    old, new = new_key(), new_key()
    with tempfile.TemporaryDirectory(prefix="flowfile-env-key-") as home:
        server = Server(contract, home=home, extra_env={"FLOWFILE_MASTER_KEY": old})
        try:
            body = dict(
                s3_connection("secure", endpoint, secret), aws_access_key_id=key_id
            )
            assert (
                server.client().post("/api/connections", json=body).status_code == 201
            )
            assert connection_test_passes(server, "secure")
        finally:
            server.stop()
        assert not (Path(home) / "master.key").exists(), (
            "a key file was made beside FLOWFILE_MASTER_KEY"
        )

        both = f"2:{new},1:{old}"
        rotated = subprocess.run(
            [flowfile_binary(), "keys", "rotate"],
            env=dict(os.environ, FLOWFILE_HOME=home, FLOWFILE_MASTER_KEY=both),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert rotated.returncode == 0, rotated.stderr
        assert "Keep only version 2 in FLOWFILE_MASTER_KEY" in rotated.stdout

        # The old key has left the variable: every secret opens with the new one.
        server = Server(
            contract, home=home, extra_env={"FLOWFILE_MASTER_KEY": f"2:{new}"}
        )
        try:
            assert connection_test_passes(server, "secure")
        finally:
            server.stop()
        with pytest.raises(AssertionError, match="does not match this store"):
            Server(contract, home=home, extra_env={"FLOWFILE_MASTER_KEY": old})
