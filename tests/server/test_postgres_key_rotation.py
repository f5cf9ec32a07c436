"""`flowfile keys rotate` on a PostgreSQL store while two servers serve it.

The servers share one key file (one FLOWFILE_HOME, as on shared storage).
The rotation adds a key version to it, waits until both servers have loaded
it (their key heartbeat), then makes it the sealing version and re-seals:
meanwhile connections created through one server are tested through the
other without a single failed request.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Iterator

import pytest
import requests
from conftest import s3_connection
from flowfile_server import Contract, Server, flowfile_binary, wait_until


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    admin_url = os.environ.get("FLOWFILE_TEST_POSTGRES_URL", "")
    if not admin_url:
        if os.environ.get("CI") == "true":
            pytest.fail("FLOWFILE_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no FLOWFILE_TEST_POSTGRES_URL: run under scripts/test")
    name = f"flowfile_rotation_{uuid.uuid4().hex[:10]}"
    psql = ["psql", admin_url, "-q", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    subprocess.run(
        [*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        check=True,
        capture_output=True,
    )


def _keys(home: str, database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, FLOWFILE_HOME=home, FLOWFILE_DATABASE_URL=database)
    env.pop("FLOWFILE_MASTER_KEY", None)
    return subprocess.run(
        [flowfile_binary(), "keys", *args],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_rotation_through_the_cli_leaves_every_request_of_both_servers_answered(
    contract: Contract, database: str, s3_endpoint: str
) -> None:
    home = tempfile.mkdtemp(prefix="flowfile-shared-home-")
    env = {"FLOWFILE_DATABASE_URL": database}
    first = Server(contract, home=home, extra_env=env)
    second = Server(contract, home=home, extra_env=env)
    failures: list[str] = []
    answered = [0]
    stop = threading.Event()

    def serve(worker: int) -> None:
        one, two = requests.Session(), requests.Session()
        for i in range(500):
            if stop.is_set():
                return
            name = f"r{worker}-{i}"
            made = one.post(
                f"{first.url}/api/connections",
                json=s3_connection(name, s3_endpoint),
                timeout=60,
            )
            tested = two.post(
                f"{second.url}/api/connections/{name}/test", json={}, timeout=60
            )
            if (
                made.status_code != 201
                or tested.status_code != 200
                or not tested.json()["ok"]
            ):
                failures.append(
                    f"{name}: {made.status_code} {tested.status_code} {tested.text[:200]}"
                )
            answered[0] += 1

    threads = [threading.Thread(target=serve, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    try:
        wait_until(
            lambda: answered[0] >= 10, seconds=60, what="requests before the rotation"
        )
        rotated = _keys(home, database, "rotate")
        assert rotated.returncode == 0, rotated.stderr
        after = answered[0]
        wait_until(
            lambda: answered[0] >= after + 10, seconds=60, what="requests after it"
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    assert failures == []
    status = _keys(home, database, "status", "--output", "json")
    assert status.returncode == 0, status.stderr
    report = json.loads(status.stdout)
    assert report["active_version"] == 2
    assert [v["version"] for v in report["versions"] if v["secrets"]] == [2]
    assert first.stop() == 0
    assert second.stop() == 0
