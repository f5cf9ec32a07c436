"""What the cloud I/O benchmark and its workers share: the cases, credentials and timing of N runs.

Standard library only: the registry-peer workers import it from their own
virtual environment.
"""

from __future__ import annotations

import time
from collections.abc import Callable

CASES: dict[str, str] = {
    "full": "read 1 file, all columns",
    "column": "read 1 file, 1 column",
    "filter": "read 1 file, filter id >= 95%",
    "folder": "read folder of 50 files",
    "small": "read folder of 1000 small files",
    "write": "write 1 file (snappy)",
    "delta-latest": "Delta: read latest version",
    "delta-version": "Delta: read version 0",
    "delta-append": "Delta: append 5% of rows",
    "delta-overwrite": "Delta: overwrite, 8 partitions",
}
"""Case id -> the label printed in the table, in table order."""

KEY_ID = "testing"
SECRET = "testing-secret"
"""The benchmark's S3 credentials, accepted by every server it starts (MinIO wants 8+ characters)."""

BIG = "bench/big.parquet"
FOLDER = "bench/folder"
SMALL = "bench/small"
"""Where the inputs sit in the S3 server (bucket/key, without a scheme)."""

SMALL_FILES = 1000
SMALL_ROWS = 100
"""The folder of many small files: SMALL_FILES Parquet files of SMALL_ROWS rows (a few KB) each."""


def timed_runs(run: Callable[[], object], repeat: int) -> dict[str, float | list[float]]:
    """`repeat` runs of `run`: the best, the median and the spread ((slowest - best) / best), and every time."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    ordered = sorted(times)
    return {
        "best": ordered[0],
        "median": ordered[len(ordered) // 2],
        "spread": (ordered[-1] - ordered[0]) / ordered[0] if ordered[0] > 0 else 0.0,
        "runs": times,
    }


def row_count(result: object) -> int | None:
    """Rows in what a runner returned: a pyarrow Table, a polars or DuckDB result, or the io tool's JSON."""
    if isinstance(result, dict):
        return result.get("rows")
    for attribute in ("num_rows", "height"):
        if hasattr(result, attribute):
            return getattr(result, attribute)
    return None


def time_cases(
    runners: dict[str, Callable[[], object]], repeat: int, expected_rows: dict[str, int]
) -> dict[str, dict | str]:
    """Time each case (timed_runs), or say why it failed (an error, a wrong row count): one failure keeps the rest."""

    def checked(case: str, run: Callable[[], object]) -> Callable[[], object]:
        def once() -> object:
            result = run()
            rows = row_count(result)
            if case in expected_rows and rows != expected_rows[case]:
                raise ValueError(f"returned {rows} rows, expected {expected_rows[case]}")
            return result

        return once

    results: dict[str, dict | str] = {}
    for case, run in runners.items():
        try:
            results[case] = timed_runs(checked(case, run), repeat)
        except Exception as error:  # a peer's failure is reported in the table, not fatal
            first_line = str(error).splitlines()[0] if str(error) else ""
            results[case] = f"{type(error).__name__}: {first_line}"[:200]
    return results
