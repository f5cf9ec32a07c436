"""A `flowfile serve` on PostgreSQL whose database restarts under load.

The cluster is one of its own (scripts/services/postgres, on loopback), so
restarting it disturbs no other test. A restart may cost a few requests a
clear 503 ("unavailable"); it never crashes the server, and every create
the server acknowledged is in the database afterwards.
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from conftest import s3_connection
from flowfile_server import Contract, Server, wait_until

SERVICE = Path(__file__).resolve().parents[2] / "scripts" / "services" / "postgres"
WORKERS = 4
MAX_REQUESTS_PER_WORKER = 3000  # a bound, whatever happens


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[str, str]]:
    """(database URL, run directory) of a private throwaway cluster."""
    if not os.environ.get("FLOWFILE_TEST_POSTGRES_URL"):
        if os.environ.get("CI") == "true":
            pytest.fail("FLOWFILE_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no PostgreSQL test cluster: run under scripts/test")
    run_dir = tempfile.mkdtemp(prefix="flowfile-pg-restart-")
    try:
        subprocess.run(
            [str(SERVICE), "start", run_dir], check=True, capture_output=True
        )
        env_line = Path(run_dir, "env").read_text().strip().splitlines()[-1]
        yield env_line.split("=", 1)[1], run_dir
    finally:
        subprocess.run(
            [str(SERVICE), "stop", run_dir], check=False, capture_output=True
        )
        shutil.rmtree(run_dir, ignore_errors=True)


class Load:
    """Creates (each with a new name) and lists on several threads."""

    def __init__(self, server: Server) -> None:
        self.url = server.url
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses: list[int] = []
        self.unavailable: list[dict[str, object]] = []
        self.acknowledged: list[str] = []
        self.threads = [
            threading.Thread(target=self._run, args=(n,)) for n in range(WORKERS)
        ]
        for thread in self.threads:
            thread.start()

    def answered(self) -> int:
        with self.lock:
            return len(self.statuses)

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)

    def _record(self, response: requests.Response) -> None:
        with self.lock:
            self.statuses.append(response.status_code)
            if response.status_code == 503:
                self.unavailable.append(response.json()["error"])

    def _run(self, worker: int) -> None:
        # Plain requests: a 503 is what this test allows, not what the API
        # documents for every route.
        http = requests.Session()
        for i in range(MAX_REQUESTS_PER_WORKER):
            if self.stop.is_set():
                return
            name = f"w{worker}-{i}"
            made = http.post(
                f"{self.url}/api/connections",
                json=s3_connection(name, "http://127.0.0.1:9", secret=f"secret {name}"),
                timeout=60,
            )
            self._record(made)
            if made.status_code == 201:
                with self.lock:
                    self.acknowledged.append(name)
            self._record(http.get(f"{self.url}/api/connections", timeout=60))


def test_a_restarted_database_costs_a_few_clear_503s_and_no_acknowledged_write(
    contract: Contract, cluster: tuple[str, str]
) -> None:
    url, run_dir = cluster
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    server = Server(
        contract, extra_env={"FLOWFILE_DATABASE_URL": url, "FLOWFILE_MASTER_KEY": key}
    )
    load = Load(server)
    try:
        wait_until(
            lambda: load.answered() >= 40, seconds=60, what="load before the restart"
        )
        subprocess.run(
            [str(SERVICE), "restart", run_dir], check=True, capture_output=True
        )
        after = load.answered()
        wait_until(
            lambda: load.answered() >= after + 80,
            seconds=60,
            what="load after the restart",
        )
    finally:
        load.finish()
    assert server.process.poll() is None, "the server died with its database"
    assert set(load.statuses) <= {200, 201, 503}, sorted(set(load.statuses))
    assert len(load.unavailable) <= 2 * WORKERS, load.unavailable[:3]
    for error in load.unavailable:
        assert error["code"] == "unavailable"
        assert "PostgreSQL" in str(error["message"]), error
    listed = requests.get(f"{server.url}/api/connections", timeout=60)
    assert listed.status_code == 200
    names = {c["connection_name"] for c in listed.json()["connections"]}
    lost = [name for name in load.acknowledged if name not in names]
    assert not lost, f"acknowledged creates lost: {lost[:5]}"
    assert len(load.acknowledged) >= 40
    assert server.stop() == 0
