"""A Delta change data feed read from a time, as deltalake's ``load_cdf(starting_timestamp=...)``.

The time is resolved by the table library (delta_kernel) to the first version
committed at or after it, once, when the frame is planned. Times outside the
table's commits are typed errors that hold no secret. Cross-checked with
PyPI's deltalake on the same table, on the S3 emulator.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import deltalake
import pyarrow as pa
import pytest

import flowfile as ff
from conftest import Server, assert_exception_is_clean, emulator_connection, use_server
from test_delta import TABLE, storage_options


def now() -> datetime:
    return datetime.now(UTC)


class Feed:
    """A table recording its changes: v0 written, v1 an update, v2 a delete, with a time between each."""

    def __init__(self, uri: str, options: dict[str, str]) -> None:
        self.uri = uri
        self.before_first = now() - timedelta(seconds=5)
        deltalake.write_deltalake(
            uri, TABLE, storage_options=options, configuration={"delta.enableChangeDataFeed": "true"}
        )
        self.table = deltalake.DeltaTable(uri, storage_options=options)
        # Commit times are the log files' modification times (whole seconds on the emulator).
        time.sleep(1.5)
        self.after_first = now()
        time.sleep(1.5)
        self.table.update(predicate="id = 2", updates={"score": "9.5"})  # version 1
        time.sleep(1.5)
        self.after_second = now()
        time.sleep(1.5)
        self.table.delete("id = 3")  # version 2


@pytest.fixture
def feed(bucket: str, s3_endpoint: str) -> Feed:
    return Feed(f"s3://{bucket}/feed", storage_options(s3_endpoint))


def changes(table: Any) -> list[tuple[Any, ...]]:
    rows = pa.table(table).select(["id", "score", "_change_type", "_commit_version"]).to_pylist()
    return sorted(tuple(row.values()) for row in rows)


def test_a_time_reads_the_changes_from_the_first_version_at_or_after_it(lake: str, feed: Feed) -> None:
    for since, first_version in ((feed.after_first, 1), (feed.after_second, 2)):
        theirs = pa.table(feed.table.load_cdf(starting_timestamp=since.isoformat()).read_all())
        frame = ff.scan_delta(feed.uri, connection_name=lake, changes_since=since, include_change_preimage=True)
        assert changes(frame.to_arrow()) == changes(theirs)
        assert min(frame.to_arrow().column("_commit_version").to_pylist()) == first_version
        assert f"(changes since version {first_version}" in frame.explain()  # resolved once, when planned
    as_text = feed.after_first.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    naive = feed.after_second.replace(tzinfo=None)  # naive means UTC
    assert set(
        ff.scan_delta(feed.uri, connection_name=lake, changes_since=as_text)
        .to_arrow()
        .column("_commit_version")
        .to_pylist()
    ) == {1, 2}
    assert set(
        ff.scan_delta(feed.uri, connection_name=lake, changes_since=naive)
        .to_arrow()
        .column("_commit_version")
        .to_pylist()
    ) == {2}
    via_format = ff.read_from_cloud_storage(
        feed.uri, file_format="delta", connection_name=lake, changes_since=feed.after_second
    )
    assert changes(via_format.to_arrow()) == changes(
        feed.table.load_cdf(starting_timestamp=feed.after_second.isoformat()).read_all()
    )


def test_a_commits_own_time_starts_at_that_commit(lake: str, feed: Feed) -> None:
    history = {entry["version"]: entry["timestamp"] for entry in ff.delta_history(feed.uri, connection_name=lake)}
    at_second = datetime.fromtimestamp(history[1] / 1000, UTC)
    read = ff.scan_delta(feed.uri, connection_name=lake, changes_since=at_second).to_arrow()
    assert min(read.column("_commit_version").to_pylist()) == 1


def test_times_outside_the_commits_are_typed_errors_without_the_secret(lake: str, feed: Feed, canary: str) -> None:
    with pytest.raises(ff.InvalidArgumentError, match="before the first commit") as early:
        ff.scan_delta(feed.uri, connection_name=lake, changes_since=feed.before_first)
    with pytest.raises(ff.InvalidArgumentError, match=r"no version .* committed at or after") as late:
        ff.scan_delta(feed.uri, connection_name=lake, changes_since=now() + timedelta(hours=1))
    with pytest.raises(ff.InvalidArgumentError, match="ISO 8601") as garbled:
        ff.scan_delta(feed.uri, connection_name=lake, changes_since="last tuesday")
    with pytest.raises(ff.InvalidArgumentError, match="changes_since must be a version number") as wrong_type:
        ff.scan_delta(feed.uri, connection_name=lake, changes_since=1.5)  # type: ignore[arg-type]
    for error in (early, late, garbled, wrong_type):
        assert error.value.field == "changes_since"
        assert_exception_is_clean(error.value, canary)
    assert "version 0" in str(early.value) and "version 2" in str(late.value)  # the commit it is outside of


def test_server_mode_reads_the_changes_from_a_time(
    feed: Feed,
    s3_endpoint: str,
    server: Server,
    tokens: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    canary: str,
) -> None:
    use_server(monkeypatch, server, tokens["alice"])
    ff.create_cloud_storage_connection(emulator_connection("served-lake", s3_endpoint, canary))
    served = ff.scan_delta(
        feed.uri, connection_name="served-lake", changes_since=feed.after_first, include_change_preimage=True
    ).to_arrow()
    assert changes(served) == changes(feed.table.load_cdf(starting_timestamp=feed.after_first.isoformat()).read_all())
    with pytest.raises(ff.InvalidArgumentError) as late:
        ff.scan_delta(feed.uri, connection_name="served-lake", changes_since=now() + timedelta(hours=1))
    assert late.value.field == "changes_since"
    assert_exception_is_clean(late.value, canary)
