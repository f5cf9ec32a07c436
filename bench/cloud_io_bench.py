"""Cloud I/O benchmark: flowfile's reader/writer side by side with the tools a user would pick instead.

Starts its own S3 server (moto, or MinIO with --server minio; bench/s3_servers.py)
on a free loopback port, puts a Parquet file
(default ~200 MB), a folder of 50 files and one of 1000 small files (a few KB each)
there, and times N runs each (best and spread): full read, one-column read,
filtered read (5% of rows), the two folder reads, and a write of the big file.
--cases runs some of them only. Prints seconds per case per tool, and the ratio of
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
  deltalake      PyPI's deltalake (delta-rs), for the Delta cases only (bench/delta_cases.py;
                 polars' Delta cases are its scan_delta/write_delta)
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
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import delta_cases
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
import s3_servers
from bench_common import BIG, CASES, FOLDER, KEY_ID, SECRET, SMALL, SMALL_FILES, SMALL_ROWS, time_cases
from s3_counting_proxy import CountingProxy

ROOT = Path(__file__).resolve().parent.parent
OURS = ("flowfile", "ff-python", "ff-server")
LOCAL_PEERS = ("pyarrow", "polars", "duckdb", "deltalake")
TOOLS = (*OURS, *LOCAL_PEERS, *registry_peers.WORKERS)
"""Every column, in table order: ours first, then the peers."""


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


def parse_cases(text: str) -> list[str]:
    """A comma list of case ids, in table order."""
    chosen = {name.strip() for name in text.split(",") if name.strip()}
    unknown = sorted(chosen - set(CASES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")
    return [case for case in CASES if case in chosen]


def main() -> None:
    """Parse arguments, start the S3 server, run every case, stop the server; write the JSON report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build"), help="build directory with flowfile_io_tool")
    parser.add_argument("--mb", type=int, default=200, help="size of the big file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the best counts, the spread is shown")
    parser.add_argument(
        "--peers",
        type=parse_peers,
        default="all",
        help=f"'all', 'local' (skips the registry venv) or a comma list of: {', '.join(TOOLS)}",
    )
    parser.add_argument("--server", choices=s3_servers.SERVERS, default="moto", help="the S3 server to start")
    parser.add_argument("--json", type=Path, help="also write the results (and the server's raw rates) here")
    parser.add_argument("--raw-mb", type=int, default=64, help="object size of the plain client's rate test")
    parser.add_argument(
        "--cases",
        type=parse_cases,
        default=",".join(CASES),
        help=f"a comma list of the cases to run (default: all): {', '.join(CASES)}",
    )
    args = parser.parse_args()
    build = Path(args.build).resolve()
    tool = build / "tests/io/flowfile_io_tool"
    if "flowfile" in args.peers and not tool.exists():
        sys.exit(f"{tool} not found: build the flowfile_io_tool target first")

    with tempfile.TemporaryDirectory(prefix="flowfile-bench-") as work:
        server = s3_servers.start(args.server, Path(work))
        try:
            report = run_benchmarks(build, tool, server.endpoint, Path(work), args)
        finally:
            server.stop()
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


def s3_filesystem(endpoint: str) -> pafs.S3FileSystem:
    """pyarrow's S3 filesystem on `endpoint` with the benchmark's credentials."""
    return pafs.S3FileSystem(
        access_key=KEY_ID,
        secret_key=SECRET,
        endpoint_override=endpoint.removeprefix("http://"),
        scheme="http",
        region="us-east-1",
        allow_bucket_creation=True,
    )


COUNTED = ("flowfile", "pyarrow", "polars")
"""Tools whose S3 requests are counted, one untimed run per case through the counting proxy."""


def run_benchmarks(build: Path, tool: Path, endpoint: str, work: Path, args: argparse.Namespace) -> dict:
    """Upload the inputs, time every chosen tool on every case, print the table; local files go in `work`."""
    fs = s3_filesystem(endpoint)
    fs.create_dir("bench")
    print(f"raw rates of a plain client on {args.server} ...", file=sys.stderr, flush=True)
    raw = s3_servers.raw_throughput(endpoint, "bench", mb=args.raw_mb)
    rows = args.mb * 1_000_000 // 32
    big = make_table(rows)
    local = work / "big.parquet"
    pq.write_table(big, local, compression="none", row_group_size=256 * 1024)
    pq.write_table(big, BIG, filesystem=fs, compression="none", row_group_size=256 * 1024)
    for i in range(50):
        pq.write_table(make_table(20_000, seed=i + 2), f"{FOLDER}/part-{i:02d}.parquet", filesystem=fs)
    if "small" in args.cases:
        put_small_files(endpoint)
    cutoff = int(rows * 0.95)
    expected_rows = {
        "full": rows,
        "column": rows,
        "filter": rows - cutoff,
        "folder": 50 * 20_000,
        "small": SMALL_FILES * SMALL_ROWS,
    }
    if set(args.cases) & set(delta_cases.DELTA_CASES):
        expected_rows.update(delta_cases.setup(endpoint, big))

    results: dict[str, dict] = {}
    for name in args.peers:
        if name in registry_peers.WORKERS:
            continue
        print(f"timing {name} ...", file=sys.stderr, flush=True)
        try:
            runners = chosen(in_process_runners(name, build, tool, endpoint, fs, cutoff, big, work), args.cases)
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
            "cases": args.cases,
        }
        results.update(registry_peers.run_workers(build, registry, config))
    counted = [t for t in COUNTED if t in args.peers]
    requests = count_requests(counted, build, tool, endpoint, cutoff, big, work, args.cases)

    print(f"server: {args.server}; plain client: " + ", ".join(f"{k} {v:.0f} MB/s" for k, v in raw.items()))
    print(f"file: {local.stat().st_size / 1e6:.0f} MB, {rows} rows; folder: 50 x 20000 rows; {args.repeat} runs")
    print_table(args.peers, results, requests)
    return {
        "server": args.server,
        "file_mb": round(local.stat().st_size / 1e6),
        "rows": rows,
        "repeat": args.repeat,
        "raw_mb_per_s": raw,
        "cases": CASES,
        "ours": [tool for tool in OURS if tool in args.peers],
        "results": results,
        "requests": requests,
    }


def chosen(runners: dict[str, Callable[[], object]], cases: list[str]) -> dict[str, Callable[[], object]]:
    """The runners of the chosen cases only."""
    return {case: run for case, run in runners.items() if case in cases}


def put_small_files(endpoint: str) -> None:
    """Upload SMALL_FILES Parquet files of SMALL_ROWS rows under SMALL, a few at once."""
    s3 = s3_servers.client(endpoint)
    bucket, prefix = SMALL.split("/", 1)

    def put(i: int) -> None:
        sink = pa.BufferOutputStream()
        pq.write_table(make_table(SMALL_ROWS, seed=i + 100), sink)
        s3.put_object(Bucket=bucket, Key=f"{prefix}/part-{i:04d}.parquet", Body=sink.getvalue().to_pybytes())

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(put, range(SMALL_FILES)))


def count_requests(
    tools: list[str],
    build: Path,
    tool: Path,
    endpoint: str,
    cutoff: int,
    big: pa.Table,
    work: Path,
    cases: list[str],
) -> dict[str, dict[str, dict[str, int]]]:
    """S3 requests of one run of each case by each tool, through a counting proxy: {tool: {case: counts}}."""
    counted: dict[str, dict[str, dict[str, int]]] = {}
    with CountingProxy(endpoint) as proxy:
        fs = s3_filesystem(proxy.endpoint)
        for name in tools:
            print(f"counting the requests of {name} ...", file=sys.stderr, flush=True)
            counted[name] = {}
            runners = chosen(in_process_runners(name, build, tool, proxy.endpoint, fs, cutoff, big, work), cases)
            for case, run in runners.items():
                proxy.reset()
                try:
                    run()
                except Exception as error:  # reported as missing counts, the timing says why
                    print(f"  {name} {case}: {type(error).__name__}", file=sys.stderr)
                    continue
                counted[name][case] = proxy.counts()
    return counted


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
        "small": lambda: ds.dataset(SMALL, filesystem=fs).to_table(),
            "write": lambda: pq.write_table(big, "bench/out-pyarrow.parquet", filesystem=fs),
        }
    if name == "polars":
        return {**polars_runners(endpoint, cutoff, big), **delta_cases.polars_runners(endpoint, big)}
    if name == "deltalake":
        return delta_cases.deltalake_runners(endpoint, big)
    return duckdb_runners(fs, cutoff)


def io_tool_runners(tool: Path, endpoint: str, cutoff: int, local: Path) -> dict[str, Callable[[], object]]:
    """flowfile_io_tool, one process per run."""

    def run(*command: str) -> Callable[[], object]:
        def once() -> object:
            out = subprocess.run(
                [str(tool), *command, "--endpoint", endpoint],
                capture_output=True,
                text=True,
                check=True,
                env={**os.environ, "FLOWFILE_TOOL_KEY_ID": KEY_ID, "FLOWFILE_TOOL_SECRET": SECRET},
            )
            return json.loads(out.stdout)

        return once

    return {
        "full": run("read", "--path", f"s3://{BIG}"),
        "column": run("read", "--path", f"s3://{BIG}", "--columns", "x"),
        "filter": run("read", "--path", f"s3://{BIG}", "--filter", f"id>={cutoff}"),
        "folder": run("read", "--path", f"s3://{FOLDER}"),
        "small": run("read", "--path", f"s3://{SMALL}/"),
        "write": run("write", "--local", str(local), "--to", "s3://bench/out-flowfile.parquet"),
    }


def polars_runners(endpoint: str, cutoff: int, big: pa.Table) -> dict[str, Callable[[], object]]:
    """Polars' own object-store reader and writer."""
    options = {
        "aws_access_key_id": KEY_ID,
        "aws_secret_access_key": SECRET,
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
        "small": lambda: scan(f"s3://{SMALL}/*.parquet").collect(),
        "write": lambda: pl.from_arrow(big).write_parquet(
            "s3://bench/out-polars.parquet", compression="snappy", storage_options=options
        ),
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
        "small": query("SELECT * FROM t", SMALL),
    }


def best_of(value: object) -> float | None:
    """The best time of a case's result (timed_runs), None for an error or a missing case."""
    return value["best"] if isinstance(value, dict) else None


def cell(value: object) -> str:
    """A table cell: best seconds and spread, n/a (the tool cannot do the case) or error (see the notes)."""
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return "error"
    return f"{value['best']:.2f}±{100 * value['spread']:.0f}%"


def outcome(result: dict, case: str) -> object:
    """A tool's timing or error for a case; the tool's own error when it could not run at all."""
    return result.get(case, result.get("error"))


def print_table(tools: list[str], results: dict[str, dict], requests: dict[str, dict]) -> None:
    """Best seconds (± spread of the runs) per case per tool, ours over the fastest peer, requests, then reasons."""
    peers = [tool for tool in tools if tool not in OURS]
    ours = [tool for tool in OURS if tool in tools]
    ratios = [f"{tool}/peer" for tool in ours]
    header = f"{'case':31}" + "".join(f" {name:>11}" for name in (*tools, *ratios))
    print(header)
    for case, label in CASES.items():
        row = f"{label:31}" + "".join(f" {cell(outcome(results[tool], case)):>{max(11, len(tool))}}" for tool in tools)
        timed = [t for p in peers if (t := best_of(results[p].get(case))) is not None]
        for tool, name in zip(ours, ratios, strict=True):
            value = best_of(results[tool].get(case))
            ratio = f"{value / min(timed):.2f}" if timed and value is not None else "-"
            row += f" {ratio:>{max(11, len(name))}}"
        print(row)
    if requests:
        print("S3 requests per run (GET/HEAD/LIST/PUT/POST):")
        for case, label in CASES.items():
            parts = []
            for tool, by_case in requests.items():
                c = by_case.get(case)
                if c:
                    parts.append(f"{tool} {c['GET']}/{c['HEAD']}/{c['LIST']}/{c['PUT']}/{c['POST']}")
            print(f"  {label:31} " + "; ".join(parts))
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
