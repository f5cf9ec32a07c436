"""FLOWFILE_MASTER_KEY mode from Python, above the key file.

The keys come from the variable (no key file is made), a second version
added there keeps old secrets readable, `flowfile keys rotate` re-seals them
with it, and then the new key alone opens them while the old one alone is
refused. The TLS + IAM emulator checks every signature, so a passing
connection test proves the secret opened to its exact value.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import flowfile_binary


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def use_keys(monkeypatch: pytest.MonkeyPatch, keys: str) -> None:
    monkeypatch.setenv("FLOWFILE_MASTER_KEY", keys)
    ff._engine.close()  # the next call opens the store with these keys


def secure_connection() -> ff.FullCloudStorageConnection:
    names = ("FLOWFILE_TEST_S3_SECURE_ENDPOINT", "FLOWFILE_TEST_S3_SECURE_KEY_ID", "FLOWFILE_TEST_S3_SECURE_SECRET")
    endpoint, key_id, secret = (os.environ.get(name, "") for name in names)
    assert endpoint and key_id and secret, f"{names} are not set: run through scripts/test"
    return ff.FullCloudStorageConnection(
        connection_name="secure",
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=SecretStr(secret),
        endpoint_url=endpoint,
        aws_allow_unsafe_html=True,
    )


def test_environment_keys_rotate_through_several_versions(flowfile_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = new_key(), new_key()
    use_keys(monkeypatch, old)
    ff.create_cloud_storage_connection(secure_connection())
    assert ff.test_cloud_storage_connection("secure").ok
    assert not (flowfile_home / "master.key").exists()

    use_keys(monkeypatch, f"2:{new},1:{old}")
    assert ff.test_cloud_storage_connection("secure").ok
    ff._engine.close()
    rotated = subprocess.run(
        [str(flowfile_binary()), "keys", "rotate"], env=dict(os.environ), capture_output=True, text=True, timeout=60
    )
    assert rotated.returncode == 0, rotated.stderr

    use_keys(monkeypatch, f"2:{new}")
    assert ff.test_cloud_storage_connection("secure").ok
    use_keys(monkeypatch, old)
    with pytest.raises(ff.AccessDeniedError, match="does not match this store"):
        ff.get_all_available_cloud_storage_connections()
