"""Our Python package in server mode as a benchmark column (ff-server).

The same calls as ff-python, with FLOWFILE_API_URL and FLOWFILE_API_TOKEN
set: a `flowfile serve` of the benchmark's --build (embedded auth, its own
FLOWFILE_HOME) opens the connection and runs the plans and writes, and rows
travel over loopback HTTP as Arrow IPC. The difference from ff-python is the
cost of the server hop.
"""

from __future__ import annotations

import atexit
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import our_package
import pyarrow as pa

SERVER_ENV = ("FLOWFILE_API_URL", "FLOWFILE_API_TOKEN")


def start_server(build: Path, home: Path) -> str:
    """`flowfile serve --port 0` without accounts, in `home`; its URL. Stopped when the benchmark exits."""
    binary = build / "src" / "cli" / "flowfile"
    if not binary.exists():
        raise FileNotFoundError(f"{binary} not found: build the flowfile target")
    home.mkdir(mode=0o700)
    env = {**os.environ, "FLOWFILE_HOME": str(home), "FLOWFILE_AUTH": "embedded"}
    server = subprocess.Popen([str(binary), "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, text=True)
    atexit.register(server.terminate)
    line = server.stdout.readline() if server.stdout else ""
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not match:
        raise FileNotFoundError(f"flowfile serve did not start: {line!r}")
    return match[0]


def runners(build: Path, work: Path, endpoint: str, cutoff: int, big: pa.Table) -> dict[str, Callable[[], object]]:
    """Start the server, make the connection there through the package, and return one runner per case."""
    url = start_server(build, work / "server-home")
    ff = our_package.import_flowfile(build)
    # Without accounts the server acts for the local user; the token is only
    # what tells the package to use the server.
    server_env = {"FLOWFILE_API_URL": url, "FLOWFILE_API_TOKEN": "local"}

    def in_server_mode(run: Callable[[], object]) -> Callable[[], object]:
        def once() -> object:
            os.environ.update(server_env)
            try:
                return run()
            finally:
                for name in SERVER_ENV:
                    os.environ.pop(name, None)

        return once

    in_server_mode(lambda: ff.create_cloud_storage_connection(our_package.moto_connection(ff, endpoint)))()  # type: ignore[attr-defined]
    cases = our_package.cases(ff, cutoff, big, "s3://bench/out-ff-server.parquet")
    return {case: in_server_mode(run) for case, run in cases.items()}
