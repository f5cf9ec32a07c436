"""Cloud I/O benchmark: flowfile's C++ reader/writer against pyarrow and polars.

Starts its own moto S3 server on a free loopback port, puts a Parquet file
(default ~200 MB) and a folder of 50 files there, and times, best of N runs:
full read, one-column read, filtered read (5% of rows), folder read, and a
write of the big file. flowfile runs through the flowfile_io_tool executable
(built from tests/io/io_tool.cpp); every number includes the same S3 round
trips. Prints seconds and the ratio to the fastest peer (<1 is faster).

Caveat: moto copies the whole object for every ranged GET, so a reader that
fetches one row group per request (flowfile, to bound memory) pays far more
on moto than on S3, where a ranged GET costs what it returns.

Usage: .venv/bin/python bench/cloud_io_bench.py [--build build] [--mb 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    """Start moto's S3 server on a free loopback port; return it and its endpoint."""
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    process.kill()
    sys.exit("moto did not start")


def make_table(rows: int, seed: int = 1) -> pa.Table:
    """Four random 8-byte columns: `rows` rows, ids sorted."""
    return pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "random": pc.multiply(pc.random(rows, initializer=seed), 2.0**62).cast(pa.int64()),
            "x": pc.random(rows, initializer=seed + 1000),
            "y": pc.random(rows, initializer=seed + 2000),
        }
    )


def best(run: Callable[[], object], repeat: int) -> float:
    """The fastest of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    """Parse arguments, start moto, run every case, stop moto."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=str(ROOT / "build"))
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tool = Path(args.build) / "tests/io/flowfile_io_tool"
    if not tool.exists():
        sys.exit(f"{tool} not found: build the flowfile_io_tool target first")

    moto, endpoint = start_moto()
    try:
        run_benchmarks(str(tool), endpoint, args.mb, args.repeat)
    finally:
        moto.terminate()
        moto.wait()


def run_benchmarks(tool: str, endpoint: str, mb: int, repeat: int) -> None:
    """Upload the inputs, then time each case for flowfile, pyarrow and polars."""
    fs = pafs.S3FileSystem(
        access_key="testing",
        secret_key="testing",
        endpoint_override=endpoint[7:],
        scheme="http",
        region="us-east-1",
        allow_bucket_creation=True,
    )
    fs.create_dir("bench")
    storage_options = {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "aws_endpoint_url": endpoint,
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
    }
    rows = mb * 1_000_000 // 32
    big = make_table(rows)
    local = Path(tempfile.mkdtemp()) / "big.parquet"
    pq.write_table(big, local, compression="none", row_group_size=256 * 1024)
    pq.write_table(big, "bench/big.parquet", filesystem=fs, compression="none", row_group_size=256 * 1024)
    for i in range(50):
        pq.write_table(make_table(20_000, seed=i + 2), f"bench/folder/part-{i:02d}.parquet", filesystem=fs)
    cutoff = int(rows * 0.95)

    def flowfile(*command: str) -> Callable[[], object]:
        def run() -> object:
            out = subprocess.run([tool, *command, "--endpoint", endpoint], capture_output=True, text=True, check=True)
            return json.loads(out.stdout)

        return run

    cases: list[tuple[str, dict[str, Callable[[], object]]]] = [
        (
            "read 1 file, all columns",
            {
                "flowfile": flowfile("read", "--path", "s3://bench/big.parquet"),
                "pyarrow": lambda: ds.dataset("bench/big.parquet", filesystem=fs).to_table(),
                "polars": lambda: pl.scan_parquet("s3://bench/big.parquet", storage_options=storage_options).collect(),
            },
        ),
        (
            "read 1 file, 1 column",
            {
                "flowfile": flowfile("read", "--path", "s3://bench/big.parquet", "--columns", "x"),
                "pyarrow": lambda: ds.dataset("bench/big.parquet", filesystem=fs).to_table(columns=["x"]),
                "polars": lambda: (
                    pl.scan_parquet("s3://bench/big.parquet", storage_options=storage_options).select("x").collect()
                ),
            },
        ),
        (
            "read 1 file, filter id >= 95%",
            {
                "flowfile": flowfile("read", "--path", "s3://bench/big.parquet", "--filter", f"id>={cutoff}"),
                "pyarrow": lambda: ds.dataset("bench/big.parquet", filesystem=fs).to_table(
                    filter=ds.field("id") >= cutoff
                ),
                "polars": lambda: (
                    pl.scan_parquet("s3://bench/big.parquet", storage_options=storage_options)
                    .filter(pl.col("id") >= cutoff)
                    .collect()
                ),
            },
        ),
        (
            "read folder of 50 files",
            {
                "flowfile": flowfile("read", "--path", "s3://bench/folder"),
                "pyarrow": lambda: ds.dataset("bench/folder", filesystem=fs).to_table(),
                "polars": lambda: pl.scan_parquet(
                    "s3://bench/folder/*.parquet", storage_options=storage_options
                ).collect(),
            },
        ),
        (
            "write 1 file (snappy)",
            {
                "flowfile": flowfile("write", "--local", str(local), "--to", "s3://bench/out-flowfile.parquet"),
                "pyarrow": lambda: pq.write_table(big, "bench/out-pyarrow.parquet", filesystem=fs),
                "polars": lambda: pl.from_arrow(big).write_parquet(
                    "s3://bench/out-polars.parquet", storage_options=storage_options
                ),
            },
        ),
    ]
    print(f"file: {local.stat().st_size / 1e6:.0f} MB, {rows} rows; folder: 50 x 20000 rows; best of {repeat}")
    print(f"{'case':34} {'flowfile':>9} {'pyarrow':>9} {'polars':>9}  flowfile / fastest peer")
    for name, runners in cases:
        seconds = {who: best(run, repeat) for who, run in runners.items()}
        peer = min(seconds["pyarrow"], seconds["polars"])
        print(
            f"{name:34} {seconds['flowfile']:9.2f} {seconds['pyarrow']:9.2f} {seconds['polars']:9.2f}"
            f"  {seconds['flowfile'] / peer:.2f}"
        )


if __name__ == "__main__":
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    main()
