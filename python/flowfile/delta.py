"""Delta Lake tables through a stored connection, with Flowfile's names and parameters.

``scan_delta`` and ``LazyFrame.write_delta`` take the parameters of the
Flowfile package (``flowfile_frame``). The table library reads and commits
the Delta log; this module only translates arguments for the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flowfile import _engine
from flowfile.errors import InvalidArgumentError
from flowfile.flow_graph import FlowGraph, read_into, record_write
from flowfile.flows import frame_spec
from flowfile.frame import LazyFrame, WriteMode, WriteResult
from flowfile.output_fields import OutputFieldConfig, apply_output_field_config

if TYPE_CHECKING:
    from flowfile.cloud_storage import ArrowStreamExportable

__all__ = ["DeltaWriteMode", "delta_history", "scan_delta", "write_delta"]

DeltaWriteMode = WriteMode


def scan_delta(
    source: str,
    *,
    flow_graph: FlowGraph | None = None,
    connection_name: str | None = None,
    version: int | str | datetime | None = None,
    changes_since: int | str | datetime | None = None,
    include_change_preimage: bool = False,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
) -> LazyFrame:
    """Plan a read of the Delta table at ``source`` (its folder), at ``version`` or the latest.

    ``version`` is a version number, or (as deltalake's ``load_as_version``)
    a time: a ``datetime`` (naive means UTC) or an ISO 8601 string, which
    reads the latest version committed at or before it. ``changes_since``
    reads the change data feed from that version up to ``version`` (else the
    latest); given a time (as deltalake's ``load_cdf(starting_timestamp=...)``),
    from the first version committed at or after it; with ``_change_type``,
    ``_commit_version`` and
    ``_commit_timestamp`` columns; an update's old rows only with
    ``include_change_preimage``. Projection, filters and a limit on the
    frame are pushed down: files are skipped by partition values and
    statistics. Partition columns are columns.
    ``output_field_config`` shapes the columns (see ``flowfile.output_fields``);
    ``flow_graph`` records the frame in that graph (see ``flowfile.flow_graph``).
    """
    number, timestamp = _version_or_time(version, "version")
    since, since_time = _version_or_time(changes_since, "changes_since")
    session = _engine.data_session()
    plan = session.scan(
        connection_name or "",
        source,
        "delta",
        version=number,
        timestamp=timestamp,
        changes_since=since,
        changes_since_timestamp=since_time,
        include_change_preimage=include_change_preimage,
    )
    table = {"version": number, "timestamp": timestamp, "changes_since": changes_since}
    spec = {**frame_spec(connection_name, source, "delta", {}), **table}
    spec["include_change_preimage"] = include_change_preimage
    frame = read_into(LazyFrame(plan, connection_name, description, spec=spec), flow_graph)
    return apply_output_field_config(frame, output_field_config)


def _version_or_time(version: int | str | datetime | None, field: str) -> tuple[int | None, str | None]:
    """``version`` (the argument ``field``) as (number, None) or (None, ISO 8601 time in UTC)."""
    if version is None or (isinstance(version, int) and not isinstance(version, bool)):
        return version, None
    if isinstance(version, datetime):
        moment = version.replace(tzinfo=UTC) if version.tzinfo is None else version.astimezone(UTC)
        return None, moment.isoformat()
    if isinstance(version, str):
        return None, version
    raise InvalidArgumentError(
        f"{field} must be a version number, a datetime or an ISO 8601 time, not {version!r}", field
    )


def delta_history(source: str, *, connection_name: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The commits of the Delta table at ``source``, newest first (the newest ``limit``; all when None).

    Each is a dict as deltalake's ``DeltaTable.history()`` names its keys:
    ``version``, ``timestamp`` (milliseconds since the epoch, UTC) and
    ``operation``, plus what the commit changed: ``rows_added`` and
    ``rows_removed`` (None when a file carries no statistics to count by),
    ``files_added`` and ``files_removed``.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise InvalidArgumentError(f"limit must be a whole number from 1, not {limit!r}", "limit")
    session = _engine.data_session()
    return session.delta_history(connection_name or "", source, limit or 0)


def write_delta(
    data: ArrowStreamExportable,
    path: str,
    connection_name: str | None = None,
    write_mode: DeltaWriteMode = "overwrite",
    partition_by: list[str] | None = None,
    merge_keys: list[str] | None = None,
    track_changes: bool = False,
) -> WriteResult:
    """Write ``data`` as one atomic commit to the Delta table at ``path``.

    ``write_mode``: ``overwrite`` (the default, as Flowfile), ``append``,
    ``error`` (fail if a table is there), or by ``merge_keys`` (the columns
    that identify a row): ``upsert`` (replace the table's rows with those
    keys, insert the others; creates the table if there is none), ``update``
    (replace matching rows only) or ``delete`` (remove the table's rows whose
    keys are in ``data``). ``partition_by`` applies when the table is created.
    ``track_changes`` makes a new table record its change data feed (read it
    with ``scan_delta(..., changes_since=...)``). Returns the rows written (for
    ``delete``, the rows removed) and the committed ``version``.
    """
    export = getattr(data, "__arrow_c_stream__", None)
    if export is None:
        raise TypeError(
            f"cannot write {type(data).__name__}: pass a flowfile frame or anything with __arrow_c_stream__"
        )
    options = {
        "write_mode": write_mode,
        "partition_by": list(partition_by or []),
        "merge_keys": list(merge_keys or []),
        "track_changes": track_changes,
    }

    def run() -> WriteResult:
        session = _engine.data_session()
        return WriteResult(**session.write(connection_name or "", path, "delta", export(), **options))

    result = run()
    record_write(data, connection_name, path, "delta", options, run)
    return result
