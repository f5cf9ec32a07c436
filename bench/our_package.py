"""The project's own Python package (`import flowfile as ff`) as a benchmark column.

Same C++ core as flowfile_io_tool, so the difference between the two columns
is the cost of the Python layer: the encrypted connection store, pydantic
models and the Arrow C stream hand-off. Runs in the benchmark's process,
with the compiled module from the benchmark's --build directory and the
connection in a temporary FLOWFILE_HOME (never ~/.flowfile).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import delta_cases
import pyarrow as pa
from bench_common import BIG, FOLDER, KEY_ID, SECRET, SMALL

CONNECTION = "bench-moto"


def import_flowfile(build: Path) -> object:
    """Import the package with <build>/python/flowfile/_native first on the path; fail if it is not built."""
    module_dir = build / "python"
    if not any((module_dir / "flowfile").glob("_native*.so")):
        raise FileNotFoundError(f"{module_dir}/flowfile/_native*.so not found: build the _native target")
    sys.path.insert(0, str(module_dir))
    import flowfile

    loaded = Path(flowfile._native.__file__).resolve()
    if not loaded.is_relative_to(module_dir.resolve()):
        raise ImportError(f"flowfile._native loaded from {loaded}, not from {module_dir}")
    return flowfile


def moto_connection(ff: object, endpoint: str) -> object:
    """The benchmark's connection to the moto endpoint."""
    from pydantic import SecretStr

    return ff.FullCloudStorageConnection(  # type: ignore[attr-defined]
        connection_name=CONNECTION,
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SecretStr(SECRET),
        endpoint_url=endpoint,
        aws_allow_unsafe_html=True,
    )


def runners(build: Path, home: Path, endpoint: str, cutoff: int, big: pa.Table) -> dict[str, Callable[[], object]]:
    """Make a connection to moto in FLOWFILE_HOME=`home` (a new directory) and return one runner per case."""
    for name in ("FLOWFILE_API_URL", "FLOWFILE_API_TOKEN", "FLOWFILE_MASTER_KEY"):
        os.environ.pop(name, None)
    home.mkdir(mode=0o700)
    os.environ["FLOWFILE_HOME"] = str(home)
    ff = import_flowfile(build)
    ff.create_cloud_storage_connection(moto_connection(ff, endpoint))

    return cases(ff, cutoff, big, "s3://bench/out-ff-python.parquet")


def cases(ff: object, cutoff: int, big: pa.Table, write_to: str) -> dict[str, Callable[[], object]]:
    """One runner per case through the package's public API, reading and writing with CONNECTION."""

    def scan(path: str) -> object:
        return ff.scan_parquet_from_cloud_storage(f"s3://{path}", connection_name=CONNECTION)  # type: ignore[attr-defined]

    return {
        "full": lambda: scan(BIG).to_arrow(),
        "column": lambda: scan(BIG).select("x").to_arrow(),
        "filter": lambda: scan(BIG).filter(ff.col("id") >= cutoff).to_arrow(),  # type: ignore[attr-defined]
        "folder": lambda: scan(FOLDER).to_arrow(),
        "small": lambda: scan(f"{SMALL}/").to_arrow(),
        "write": lambda: ff.write_parquet_to_cloud_storage(big, write_to, CONNECTION),  # type: ignore[attr-defined]
        **delta_cases.ours(ff, CONNECTION, big, Path(write_to).stem),
    }
