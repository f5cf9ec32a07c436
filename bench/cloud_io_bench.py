"""Cloud I/O benchmark: flowfile's reader/writer side by side with the tools a user would pick instead.

Starts its own moto S3 server on a free loopback port, puts a Parquet file
(default ~200 MB) and a folder of 50 files there, and times, best of N runs:
full read, one-column read, filtered read (5% of rows), folder read, and a
write of the big file. Prints seconds per case per tool, and the ratio of
flowfile (and of our Python package) to the fastest peer (<1 is faster).

Columns (every number includes the same S3 round trips to moto):
  flowfile       the C++ reader/writer through flowfile_io_tool (tests/io/io_tool.cpp);
                 includes starting the process, and its write reads the local file
  ff-python      our package, `import flowfile as ff` (bench/our_package.py): same
                 core, plus the Python layer and the encrypted connection store
  ff-server      the same calls in server mode (bench/our_server.py): a local
                 `flowfile serve` runs them, rows cross loopback HTTP as Arrow IPC
  pyarrow        pyarrow.dataset over pyarrow's S3FileSystem
  polars         polars.scan_parquet with storage_options
  duckdb         the pinned duckdb==2.0.0 over a pyarrow dataset on pyarrow's
                 S3FileSystem: that wheel has no httpfs built in and would
                 download it from DuckDB's site, which this machine cannot reach;
                 no write (DuckDB cannot write to S3 without httpfs)
  duckdb-httpfs  DuckDB's own S3 reader/writer: duckdb 1.5.5 with the signed httpfs
                 extension from PyPI's duckdb-extension-httpfs (none exists for 2.x),
                 its in-memory cache of remote files off; its write reads the local file
  pypi-flowfile  the Flowfile package from PyPI (0.23.3), the registry's tool of the
                 same name: its public cloud-storage API (reads are polars scans) with
                 a connection to the moto endpoint, HOME and its stores in a temporary
                 directory; its write reads the local file
The last two run in their own venv (bench/registry_peers.py holds the pins),
created under <build>/bench-peers/ on first use; `--peers local` skips them.
Every read's row count is checked; a wrong count is reported as an error.
A tool that cannot do a case shows n/a, one that failed shows "error" and
the reason is printed under the table.

Caveat: moto copies the whole object for every ranged GET, so a reader that
fetches one row group per request (flowfile, to bound memory) pays far more
on moto than on S3, where a ranged GET costs what it returns.

Usage: .venv/bin/python bench/cloud_io_bench.py [--build build] [--mb 200] [--repeat 3] [--peers LIST]
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

import duckdb
import our_package
import our_server
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.parquet as pq
import registry_peers
from bench_common import BIG, CASES, FOLDER, time_cases

ROOT = Path(__file__).resolve().parent.parent
OURS = ("flowfile", "ff-python", "ff-server")
LOCAL_PEERS = ("pyarrow", "polars", "duckdb")
TOOLS = (*OURS, *LOCAL_PEERS, *registry_peers.WORKERS)
"""Every column, in table order: ours first, then the peers."""


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


def parse_peers(text: str) -> list[str]:
    """`all`, `local` (everything but the registry venv) or a comma list of column names."""
    if text == "all":
        return list(TOOLS)
    if text == "local":
        return [tool for tool in TOOLS if tool not in registry_peers.WORKERS]
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(TOOLS))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")
    return [tool for tool in TOOLS if tool in chosen]


def main() -> None:
    """Parse arguments, start moto, run every case, stop moto."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build"), help="build directory with flowfile_io_tool")
    parser.add_argument("--mb", type=int, default=200, help="size of the big file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts")
    parser.add_argument(
        "--peers",
        type=parse_peers,
        default="all",
        help=f"'all', 'local' (skips the registry venv) or a comma list of: {', '.join(TOOLS)}",
    )
    args = parser.parse_args()
    build = Path(args.build).resolve()
    tool = build / "tests/io/flowfile_io_tool"
    if "flowfile" in args.peers and not tool.exists():
        sys.exit(f"{tool} not found: build the flowfile_io_tool target first")

    moto, endpoint = start_moto()
    try:
        with tempfile.TemporaryDirectory(prefix="flowfile-bench-") as work:
            run_benchmarks(build, tool, endpoint, Path(work), args)
    finally:
        moto.terminate()
        moto.wait()


def run_benchmarks(build: Path, tool: Path, endpoint: str, work: Path, args: argparse.Namespace) -> None:
    """Upload the inputs, time every chosen tool on every case, print the table; local files go in `work`."""
    fs = pafs.S3FileSystem(
        access_key="testing",
        secret_key="testing",
        endpoint_override=endpoint.removeprefix("http://"),
        scheme="http",
        region="us-east-1",
        allow_bucket_creation=True,
    )
    fs.create_dir("bench")
    rows = args.mb * 1_000_000 // 32
    big = make_table(rows)
    local = work / "big.parquet"
    pq.write_table(big, local, compression="none", row_group_size=256 * 1024)
    pq.write_table(big, BIG, filesystem=fs, compression="none", row_group_size=256 * 1024)
    for i in range(50):
        pq.write_table(make_table(20_000, seed=i + 2), f"{FOLDER}/part-{i:02d}.parquet", filesystem=fs)
    cutoff = int(rows * 0.95)
    expected_rows = {"full": rows, "column": rows, "filter": rows - cutoff, "folder": 50 * 20_000}

    results: dict[str, dict[str, float | str]] = {}
    for name in args.peers:
        if name in registry_peers.WORKERS:
            continue
        print(f"timing {name} ...", file=sys.stderr, flush=True)
        try:
            runners = in_process_runners(name, build, tool, endpoint, fs, cutoff, big, work)
        except (ImportError, FileNotFoundError) as error:
            results[name] = {"error": str(error)}
            continue
        results[name] = time_cases(runners, args.repeat, expected_rows)
    registry = [name for name in args.peers if name in registry_peers.WORKERS]
    if registry:
        print(f"timing {', '.join(registry)} in the registry peers' venv ...", file=sys.stderr, flush=True)
        config = {
            "endpoint": endpoint,
            "cutoff": cutoff,
            "local": str(local),
            "repeat": args.repeat,
            "rows": expected_rows,
        }
        results.update(registry_peers.run_workers(build, registry, config))

    print(f"file: {local.stat().st_size / 1e6:.0f} MB, {rows} rows; folder: 50 x 20000 rows; best of {args.repeat}")
    print_table(args.peers, results)


def in_process_runners(
    name: str, build: Path, tool: Path, endpoint: str, fs: pafs.S3FileSystem, cutoff: int, big: pa.Table, work: Path
) -> dict[str, Callable[[], object]]:
    """The runners of one tool that runs from the project's .venv, by case id."""
    if name == "flowfile":
        return io_tool_runners(tool, endpoint, cutoff, work / "big.parquet")
    if name == "ff-python":
        return our_package.runners(build, work / "ff-home", endpoint, cutoff, big)
    if name == "ff-server":
        return our_server.runners(build, work, endpoint, cutoff, big)
    if name == "pyarrow":
        return {
            "full": lambda: ds.dataset(BIG, filesystem=fs).to_table(),
            "column": lambda: ds.dataset(BIG, filesystem=fs).to_table(columns=["x"]),
            "filter": lambda: ds.dataset(BIG, filesystem=fs).to_table(filter=ds.field("id") >= cutoff),
            "folder": lambda: ds.dataset(FOLDER, filesystem=fs).to_table(),
            "write": lambda: pq.write_table(big, "bench/out-pyarrow.parquet", filesystem=fs),
        }
    if name == "polars":
        return polars_runners(endpoint, cutoff, big)
    return duckdb_runners(fs, cutoff)


def io_tool_runners(tool: Path, endpoint: str, cutoff: int, local: Path) -> dict[str, Callable[[], object]]:
    """flowfile_io_tool, one process per run."""

    def run(*command: str) -> Callable[[], object]:
        def once() -> object:
            out = subprocess.run(
                [str(tool), *command, "--endpoint", endpoint], capture_output=True, text=True, check=True
            )
            return json.loads(out.stdout)

        return once

    return {
        "full": run("read", "--path", f"s3://{BIG}"),
        "column": run("read", "--path", f"s3://{BIG}", "--columns", "x"),
        "filter": run("read", "--path", f"s3://{BIG}", "--filter", f"id>={cutoff}"),
        "folder": run("read", "--path", f"s3://{FOLDER}"),
        "write": run("write", "--local", str(local), "--to", "s3://bench/out-flowfile.parquet"),
    }


def polars_runners(endpoint: str, cutoff: int, big: pa.Table) -> dict[str, Callable[[], object]]:
    """Polars' own object-store reader and writer."""
    options = {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "aws_endpoint_url": endpoint,
        "aws_region": "us-east-1",
        "aws_allow_http": "true",
    }

    def scan(path: str) -> pl.LazyFrame:
        return pl.scan_parquet(path, storage_options=options)

    return {
        "full": lambda: scan(f"s3://{BIG}").collect(),
        "column": lambda: scan(f"s3://{BIG}").select("x").collect(),
        "filter": lambda: scan(f"s3://{BIG}").filter(pl.col("id") >= cutoff).collect(),
        "folder": lambda: scan(f"s3://{FOLDER}/*.parquet").collect(),
        "write": lambda: pl.from_arrow(big).write_parquet("s3://bench/out-polars.parquet", storage_options=options),
    }


def duckdb_runners(fs: pafs.S3FileSystem, cutoff: int) -> dict[str, Callable[[], object]]:
    """The pinned DuckDB querying pyarrow datasets on pyarrow's S3 filesystem (no httpfs here); no write."""
    con = duckdb.connect()

    def query(sql: str, path: str) -> Callable[[], object]:
        def once() -> object:
            con.register("t", ds.dataset(path, filesystem=fs))
            try:
                return con.sql(sql).to_arrow_table()
            finally:
                con.unregister("t")

        return once

    return {
        "full": query("SELECT * FROM t", BIG),
        "column": query("SELECT x FROM t", BIG),
        "filter": query(f"SELECT * FROM t WHERE id >= {cutoff}", BIG),
        "folder": query("SELECT * FROM t", FOLDER),
    }


def cell(value: float | str | None) -> str:
    """A table cell: seconds, n/a (the tool cannot do the case) or error (see the notes)."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return "error"
    return f"{value:.2f}"


def outcome(result: dict[str, float | str], case: str) -> float | str | None:
    """A tool's seconds or error for a case; the tool's own error when it could not run at all."""
    return result.get(case, result.get("error"))


def print_table(tools: list[str], results: dict[str, dict[str, float | str]]) -> None:
    """Seconds per case per tool, then each of ours over the fastest peer, then the reasons."""
    peers = [tool for tool in tools if tool not in OURS]
    ours = [tool for tool in OURS if tool in tools]
    ratios = [f"{tool}/peer" for tool in ours]
    header = f"{'case':31}" + "".join(f" {name:>8}" for name in (*tools, *ratios))
    print(header)
    for case, label in CASES.items():
        row = f"{label:31}" + "".join(f" {cell(outcome(results[tool], case)):>{max(8, len(tool))}}" for tool in tools)
        timed = [results[p][case] for p in peers if isinstance(results[p].get(case), float)]
        for tool, name in zip(ours, ratios, strict=True):
            value = results[tool].get(case)
            ratio = f"{value / min(timed):.2f}" if timed and isinstance(value, float) else "-"
            row += f" {ratio:>{len(name)}}"
        print(row)
    notes = []
    for tool in tools:
        if "version" in results[tool]:
            notes.append(f"{tool}: {results[tool]['version']}")
        if "error" in results[tool]:
            notes.append(f"{tool}: could not run: {results[tool]['error']}")
        for case in CASES:
            if isinstance(results[tool].get(case), str):
                notes.append(f"{tool}, {CASES[case]}: {results[tool][case]}")
    if "duckdb" in tools:
        notes.append(
            f"duckdb: duckdb {duckdb.__version__} over pyarrow's S3 filesystem (no httpfs in the wheel); no write"
        )
    for note in notes:
        print(f"  {note}")


if __name__ == "__main__":
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    main()
