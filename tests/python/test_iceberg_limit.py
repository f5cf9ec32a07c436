"""A limit on an Iceberg read is met inside the table library: data files it does not reach are never fetched.

The table is written by pyiceberg as one data file per append. moto's request
recorder counts which data files a read fetched from the S3 emulator.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pytest
import requests

import flowfile as ff

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from iceberg_tables import catalog

ROWS_PER_FILE = 1000
FILES = 4


@pytest.fixture
def numbers(tmp_path: Path, bucket: str, s3_endpoint: str) -> str:
    """A table of FILES data files (one per append), ROWS_PER_FILE rows each; its folder."""
    made = catalog(tmp_path, bucket, s3_endpoint, "testing", "testing")
    made.create_namespace("db")
    first = pa.table({"n": pa.array(range(ROWS_PER_FILE), pa.int64())})
    table = made.create_table("db.numbers", schema=first.schema)
    for part in range(FILES):
        table.append(pa.table({"n": pa.array(range(part * ROWS_PER_FILE, (part + 1) * ROWS_PER_FILE), pa.int64())}))
    return table.location()


class Recorder:
    """moto's request recorder: the requests the emulator served while on."""

    def __init__(self, endpoint: str) -> None:
        self.api = f"{endpoint}/moto-api/recorder"

    def start(self) -> None:
        """Forgets what was recorded and records from now on."""
        requests.post(f"{self.api}/reset-recording", timeout=10).raise_for_status()
        requests.post(f"{self.api}/start-recording", timeout=10).raise_for_status()

    def data_files_fetched(self) -> set[str]:
        """The distinct .parquet objects under a data/ folder that were read (GET) since start()."""
        requests.post(f"{self.api}/stop-recording", timeout=10).raise_for_status()
        served = requests.get(f"{self.api}/download-recording", timeout=10)
        served.raise_for_status()
        fetched = set()
        for line in served.text.splitlines():
            request = json.loads(line)
            path = request["url"].split("?")[0]
            if request["method"] == "GET" and "/data/" in path and path.endswith(".parquet"):
                fetched.add(path)
        return fetched


@pytest.fixture
def recorder(s3_endpoint: str) -> Iterator[Recorder]:
    on = Recorder(s3_endpoint)
    yield on
    requests.post(f"{on.api}/stop-recording", timeout=10)


def test_a_limit_within_the_first_file_fetches_one_data_file(lake: str, numbers: str, recorder: Recorder) -> None:
    recorder.start()
    ten = ff.scan_iceberg(numbers, connection_name=lake).limit(10).to_arrow()
    assert ten.num_rows == 10
    assert len(recorder.data_files_fetched()) == 1


def test_a_limit_past_one_file_fetches_only_the_files_it_needs(lake: str, numbers: str, recorder: Recorder) -> None:
    recorder.start()
    frame = ff.scan_iceberg(numbers, connection_name=lake).select("n").limit(ROWS_PER_FILE + 1)
    assert frame.to_arrow().num_rows == ROWS_PER_FILE + 1
    assert len(recorder.data_files_fetched()) == 2


def test_without_a_limit_every_data_file_is_fetched(lake: str, numbers: str, recorder: Recorder) -> None:
    recorder.start()
    every = ff.scan_iceberg(numbers, connection_name=lake).to_arrow()
    assert sorted(every.column("n").to_pylist()) == list(range(FILES * ROWS_PER_FILE))
    assert len(recorder.data_files_fetched()) == FILES


def test_with_a_filter_the_limit_still_holds_on_the_filtered_rows(lake: str, numbers: str) -> None:
    # The library may keep rows a filter drops, so here the limit is applied after the exact filter.
    frame = ff.scan_iceberg(numbers, connection_name=lake).filter(ff.col("n") >= 2500)
    five = frame.limit(5).to_arrow().column("n").to_pylist()
    assert len(five) == 5 and all(n >= 2500 for n in five)
