"""Load test of `flowfile serve` on loopback: bounded concurrent list and
get requests, throughput and latency percentiles, and no errors allowed.

Usage: .venv/bin/python bench/load_test.py BUILD/src/cli/flowfile
       [--workers 8] [--requests 4000] [--max-seconds 30] [--connections 50]
Every request goes to 127.0.0.1; the run stops after --requests requests or
--max-seconds, whichever comes first."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def start_server(binary: str, home: str) -> tuple[subprocess.Popen[str], int]:
    env = dict(os.environ, FLOWFILE_HOME=home, FLOWFILE_AUTH="embedded")
    process = subprocess.Popen(
        [binary, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, text=True
    )
    line = process.stdout.readline() if process.stdout else ""
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not match:
        process.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return process, int(match[1])


def seed(port: int, count: int) -> list[str]:
    names = []
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for i in range(count):
        name = f"load-{i:03d}"
        body = json.dumps(
            {
                "connection_name": name,
                "storage_type": "s3",
                "auth_method": "access_key",
                "aws_region": "us-east-1",
                "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
                "aws_secret_access_key": "load-test-secret",
            }
        )
        connection.request(
            "POST", "/api/connections", body, {"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        assert response.status == 201, response.status
        names.append(name)
    connection.close()
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="flowfile-load-") as home:
        process, port = start_server(args.binary, home)
        try:
            names = seed(port, args.connections)
            latencies: dict[str, list[float]] = {"list": [], "get": []}
            errors: list[str] = []
            lock = threading.Lock()
            issued = 0
            deadline = time.monotonic() + args.max_seconds

            def worker(index: int) -> None:
                nonlocal issued
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                i = index
                while True:
                    with lock:
                        if issued >= args.requests or time.monotonic() > deadline:
                            break
                        issued += 1
                    kind = "list" if i % 2 == 0 else "get"
                    path = (
                        "/api/connections"
                        if kind == "list"
                        else f"/api/connections/{names[i % len(names)]}"
                    )
                    i += 1
                    started = time.perf_counter()
                    try:
                        connection.request("GET", path)
                        response = connection.getresponse()
                        body = response.read()
                    except (OSError, http.client.HTTPException) as error:
                        with lock:
                            errors.append(f"{path}: {error!r}")
                        connection.close()
                        connection = http.client.HTTPConnection(
                            "127.0.0.1", port, timeout=30
                        )
                        continue
                    elapsed = time.perf_counter() - started
                    with lock:
                        if response.status != 200 or b"load-test-secret" in body:
                            errors.append(f"{path}: {response.status}")
                        latencies[kind].append(elapsed)
                connection.close()

            threads = [
                threading.Thread(target=worker, args=(n,)) for n in range(args.workers)
            ]
            begun = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - begun
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    total = sum(len(v) for v in latencies.values())
    print(
        f"load_test: {total} requests ({args.workers} workers, {args.connections} connections stored) "
        f"in {wall:.2f} s = {total / wall:.0f} req/s, errors: {len(errors)}"
    )
    for kind, values in latencies.items():
        if not values:
            continue
        q = statistics.quantiles(values, n=100)
        print(
            f"  {kind:4s} n={len(values):5d}  p50={q[49] * 1000:6.2f} ms  p90={q[89] * 1000:6.2f} ms  "
            f"p99={q[98] * 1000:6.2f} ms  max={max(values) * 1000:6.2f} ms"
        )
    for error in errors[:10]:
        print(f"  error: {error}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
