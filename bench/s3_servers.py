"""The S3 servers the benchmark runs against, each started on a free loopback port and always stopped.

- moto: the emulator the tests use (Python, in .venv). It copies the whole
  object for every ranged GET, so it is slow and cannot tell fast readers apart.
- minio: MinIO's server, a fast S3 server of the kind users run, built once
  with `go install` from the Go module proxy at MINIO_VERSION into .tools/bin
  (as scripts/services/fake-gcs does for fake-gcs-server). MinIO is AGPL-3.0:
  it runs here as a separate, test-only process on loopback, is never linked
  into or shipped with flowfile, and is not modified.

raw_throughput() measures each server's GET and PUT rate with a plain client
(boto3), one stream and several, as the limit a reader or writer can reach.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench_common import KEY_ID, SECRET

ROOT = Path(__file__).resolve().parent.parent
MINIO_MODULE = "github.com/minio/minio"
MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c"
"""MinIO publishes no semver tags for its server; this pseudo-version is its 2026-02-12 commit, pinned."""
SERVERS = ("moto", "minio")


@dataclass
class Server:
    """A running S3 server: its name, endpoint (http://127.0.0.1:PORT) and process."""

    name: str
    endpoint: str
    process: subprocess.Popen

    def stop(self) -> None:
        """Terminate the server and wait for it (kill after 20 s)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready: callable, process: subprocess.Popen, what: str, seconds: float = 60) -> None:
    """Poll `ready()` until it is true; stop the process and exit when it dies or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{what} exited with {process.returncode} before it was ready")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.1)
    process.kill()
    sys.exit(f"{what} was not ready within {seconds:.0f} s")


def start_moto() -> Server:
    """moto's S3 server from .venv."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until(lambda: socket.create_connection(("127.0.0.1", port), timeout=1).close() is None, process, "moto")
    return Server("moto", f"http://127.0.0.1:{port}", process)


def minio_binary() -> Path:
    """.tools/bin/minio, built with `go install` at MINIO_VERSION on first use."""
    binary = ROOT / ".tools/bin/minio"
    if binary.exists():
        return binary
    go = shutil.which("go") or "/usr/local/go/bin/go"
    print(f"building {MINIO_MODULE}@{MINIO_VERSION} into .tools/bin (first run only, several minutes)", file=sys.stderr)
    subprocess.run(
        [go, "install", f"{MINIO_MODULE}@{MINIO_VERSION}"], env={**os.environ, "GOBIN": str(binary.parent)}, check=True
    )
    return binary


def start_minio(data_dir: Path) -> Server:
    """MinIO serving `data_dir` (a new folder on local disk) with the benchmark's credentials."""
    binary = minio_binary()
    port, console = free_port(), free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "MINIO_ROOT_USER": KEY_ID,
        "MINIO_ROOT_PASSWORD": SECRET,
        "MINIO_BROWSER": "off",
        "MINIO_UPDATE": "off",
    }
    process = subprocess.Popen(
        [str(binary), "server", "--quiet", "--address", f"127.0.0.1:{port}"]
        + ["--console-address", f"127.0.0.1:{console}", str(data_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    health = f"http://127.0.0.1:{port}/minio/health/ready"
    wait_until(lambda: urllib.request.urlopen(health, timeout=1).status == 200, process, "minio")
    return Server("minio", f"http://127.0.0.1:{port}", process)


def start(name: str, work: Path) -> Server:
    """Start the server called `name` (one of SERVERS); its data, if any, goes under `work`."""
    if name == "moto":
        return start_moto()
    if name == "minio":
        return start_minio(work / "minio-data")
    raise ValueError(f"unknown server {name!r}; choose from {', '.join(SERVERS)}")


def client(endpoint: str) -> object:
    """A plain boto3 S3 client on `endpoint`."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        config=Config(max_pool_connections=32),
    )


def raw_throughput(endpoint: str, bucket: str, mb: int = 64, streams: int = 8, repeat: int = 3) -> dict[str, float]:
    """MB/s of a plain client: PUT and GET of one `mb` MB object in one stream, and in `streams` parts at once."""
    s3 = client(endpoint)
    body = os.urandom(mb * 1_000_000)
    part = len(body) // streams
    pool = concurrent.futures.ThreadPoolExecutor(streams)

    def best_rate(run: callable) -> float:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            times.append(time.perf_counter() - started)
        return len(body) / 1e6 / min(times)

    def put_parallel() -> None:
        keys = [f"raw/part-{i}" for i in range(streams)]
        list(
            pool.map(
                lambda i: s3.put_object(Bucket=bucket, Key=keys[i], Body=body[i * part : (i + 1) * part]),
                range(streams),
            )
        )

    def get_parallel() -> None:
        def ranged(i: int) -> int:
            wanted = f"bytes={i * part}-{(i + 1) * part - 1}"
            return len(s3.get_object(Bucket=bucket, Key="raw/one", Range=wanted)["Body"].read())

        assert sum(pool.map(ranged, range(streams))) == part * streams

    try:
        return {
            "put 1 stream": best_rate(lambda: s3.put_object(Bucket=bucket, Key="raw/one", Body=body)),
            f"put {streams} streams": best_rate(put_parallel),
            "get 1 stream": best_rate(lambda: s3.get_object(Bucket=bucket, Key="raw/one")["Body"].read()),
            f"get {streams} streams": best_rate(get_parallel),
        }
    finally:
        pool.shutdown()
