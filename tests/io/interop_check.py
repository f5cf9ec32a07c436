"""Cross-library check of flowfile's S3 reader and writer against pyarrow and polars.

What flowfile writes, pyarrow and polars read equal; flowfile reads what they write.

Run by ctest with the build's flowfile_io_tool as argv[1], against the moto
server in FLOWFILE_TEST_S3_ENDPOINT (fails when it is missing).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
import uuid

import boto3
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.dataset as ds
import pyarrow.fs as pafs
import pyarrow.json as pa_json
import pyarrow.parquet as pq
from polars.testing import assert_frame_equal

TOOL = sys.argv[1]
ENDPOINT = os.environ.get("FLOWFILE_TEST_S3_ENDPOINT", "")
if not ENDPOINT:
    sys.exit("FLOWFILE_TEST_S3_ENDPOINT is not set: run the tests through scripts/test.")

BUCKET = f"interop-{uuid.uuid4().hex[:12]}"
boto3.client(
    "s3", endpoint_url=ENDPOINT, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
).create_bucket(Bucket=BUCKET)
FS = pafs.S3FileSystem(
    access_key="testing",
    secret_key="testing",
    endpoint_override=ENDPOINT.split("://", 1)[1],
    scheme="http",
    region="us-east-1",
)

BASIC = pa.table(
    {
        "id": pa.array(range(1000), pa.int64()),
        "name": pa.array([f"name-{i}" + (' "q", x' if i % 7 == 0 else "") for i in range(1000)]),
        "value": pa.array([i * 0.5 for i in range(1000)], pa.float64()),
        "flag": pa.array([i % 3 == 0 for i in range(1000)]),
    }
)
RICH = (
    BASIC.append_column(
        "at",
        pa.array(
            [dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=i) for i in range(1000)],
            pa.timestamp("us", tz="UTC"),
        ),
    )
    .append_column("day", pa.array([dt.date(2024, 1, 1) + dt.timedelta(days=i % 30) for i in range(1000)], pa.date32()))
    .append_column("tags", pa.array([[i, i + 1] if i % 2 else None for i in range(1000)], pa.list_(pa.int64())))
)

failures: list[str] = []
passed = 0


def check(name: str, condition: bool, detail: str = "") -> None:
    """Record one named check as passed or failed."""
    global passed
    if condition:
        passed += 1
        print(f"ok   {name}")
    else:
        failures.append(name)
        print(f"FAIL {name} {detail}")


def tool(*args: str) -> dict:
    """Run flowfile_io_tool against the test endpoint; return its JSON output."""
    result = subprocess.run([TOOL, *args, "--endpoint", ENDPOINT], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"flowfile_io_tool {' '.join(args)} failed: {result.stderr}")
    return json.loads(result.stdout)


def uri(key: str) -> str:
    """The s3:// URI of a key in the test bucket."""
    return f"s3://{BUCKET}/{key}"


def object_bytes(key: str) -> bytes:
    """The whole content of an object in the test bucket."""
    with FS.open_input_stream(f"{BUCKET}/{key}") as stream:
        return stream.read()


# pyarrow writes, flowfile reads and writes Parquet back, both libraries read it.
pq.write_table(RICH, f"{BUCKET}/src/rich.parquet", filesystem=FS)
out = tool("copy", "--path", uri("src/rich.parquet"), "--format", "parquet", "--to", uri("out/rich.parquet"))
check("flowfile copies every row", out["rows"] == 1000, str(out))
back = pq.read_table(f"{BUCKET}/out/rich.parquet", filesystem=FS)
check("pyarrow reads flowfile parquet equal", back.equals(RICH), str(back.schema))
polars_back = pl.read_parquet(io.BytesIO(object_bytes("out/rich.parquet")))
assert_frame_equal(polars_back, pl.from_arrow(RICH))
check("polars reads flowfile parquet equal", True)

# flowfile writes CSV and JSON lines: pyarrow and polars read them equal.
for fmt in ("csv", "json"):
    tool(
        "copy",
        "--path",
        uri("src/rich.parquet"),
        "--format",
        "parquet",
        "--columns",
        "id,name,value,flag",
        "--to",
        uri(f"out/basic.{fmt}"),
        "--to-format",
        fmt,
    )
    data = object_bytes(f"out/basic.{fmt}")
    if fmt == "csv":
        arrow_read = pa_csv.read_csv(io.BytesIO(data))
        polars_read = pl.read_csv(io.BytesIO(data))
    else:
        arrow_read = pa_json.read_json(io.BytesIO(data))
        polars_read = pl.read_ndjson(io.BytesIO(data))
    check(f"pyarrow reads flowfile {fmt} equal", arrow_read.equals(BASIC), str(arrow_read.schema))
    assert_frame_equal(polars_read, pl.from_arrow(BASIC))
    check(f"polars reads flowfile {fmt} equal", True)

# polars writes Parquet and CSV; flowfile reads them (and writes Parquet that pyarrow compares).
buffer = io.BytesIO()
pl.from_arrow(BASIC).write_parquet(buffer)
with FS.open_output_stream(f"{BUCKET}/polars/basic.parquet") as stream:
    stream.write(buffer.getvalue())
buffer = io.BytesIO()
pl.from_arrow(BASIC).write_csv(buffer)
with FS.open_output_stream(f"{BUCKET}/polars/basic.csv") as stream:
    stream.write(buffer.getvalue())
for fmt in ("parquet", "csv"):
    tool("copy", "--path", uri(f"polars/basic.{fmt}"), "--format", fmt, "--to", uri(f"out/from-polars-{fmt}.parquet"))
    read = pq.read_table(f"{BUCKET}/out/from-polars-{fmt}.parquet", filesystem=FS)
    check(f"flowfile reads polars {fmt}", read.cast(BASIC.schema).equals(BASIC), str(read.schema))

# A hive-partitioned dataset written by pyarrow: flowfile filters on the partition column.
partitioned = BASIC.append_column("part", pa.array([i % 4 for i in range(1000)], pa.int64()))
ds.write_dataset(
    partitioned, f"{BUCKET}/hive", format="parquet", partitioning=["part"], partitioning_flavor="hive", filesystem=FS
)
read = tool("read", "--path", uri("hive"), "--format", "parquet", "--filter", "part==2")
check("flowfile filters a pyarrow hive dataset", read["rows"] == 250, str(read))
limited = tool("read", "--path", uri("hive"), "--format", "parquet", "--limit", "7")
check("flowfile limits a pyarrow hive dataset", limited["rows"] == 7, str(limited))

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
