"""The AWS SDK's console log stays capped at Warn whoever initialised the SDK.

The host process may initialise it first at its most verbose level (issue
#14, point 10). The SDK state is process-wide, so the scenario runs in a
child Python whose output goes to this test's file descriptors, where
``capfd`` reads it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import package_paths

SCRIPT = textwrap.dedent(
    """
    import sys
    import pyarrow.fs as pafs

    pafs.initialize_s3(pafs.S3LogLevel.Trace)
    import flowfile as ff
    from pydantic import SecretStr

    session_token, secret_key = sys.argv[1], sys.argv[2]
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="verbose",
            storage_type="s3",
            auth_method="access_key",
            aws_region="us-east-1",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key=SecretStr(secret_key),
            aws_session_token=SecretStr(session_token),
            endpoint_url="http://127.0.0.1:1",
            aws_allow_unsafe_html=True,
        )
    )
    result = ff.test_cloud_storage_connection("verbose", "s3://bucket/prefix")
    print("TEST-RESULT", result.ok, flush=True)
    """
)


def test_sdk_log_initialised_verbose_by_the_host_never_prints_the_session_token(
    canary: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    env = dict(os.environ, FLOWFILE_HOME=str(tmp_path / "home"), PYTHONPATH=os.pathsep.join(package_paths()))
    env.pop("FLOWFILE_MASTER_KEY", None)
    session_token, secret_key = canary + "-token", canary + "-key"
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, session_token, secret_key], env=env, timeout=120, check=False
    )
    out, err = capfd.readouterr()
    assert completed.returncode == 0, err[-2000:]
    assert "TEST-RESULT False" in out, "the test must have reached the failing endpoint"
    # pyarrow's own Trace output before flowfile's first S3 use is there:
    # the host's level really was raised.
    assert "[INFO] " in out + err
    for text in (out, err):
        for value in (session_token, secret_key):
            for start in range(0, len(value) - 11):
                assert value[start : start + 12] not in text, "a 12-character window of a secret was printed"
