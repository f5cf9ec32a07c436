"""Iceberg tables through a stored connection (read-only).

``scan_iceberg`` takes its names from polars' ``scan_iceberg`` (``source``,
``snapshot_id``) plus a stored ``connection_name`` instead of storage
options. The table library reads the table's metadata, manifests and
delete files; this module only translates arguments for the engine.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flowfile import _engine
from flowfile.errors import InvalidArgumentError
from flowfile.flow_graph import FlowGraph, read_into
from flowfile.flows import frame_spec
from flowfile.frame import LazyFrame
from flowfile.output_fields import OutputFieldConfig, apply_output_field_config

__all__ = ["scan_iceberg"]


def scan_iceberg(
    source: str,
    *,
    flow_graph: FlowGraph | None = None,
    connection_name: str | None = None,
    snapshot_id: int | None = None,
    timestamp: str | datetime | None = None,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
) -> LazyFrame:
    """Plan a read of the Iceberg table at ``source``: its folder, or one of its ``.metadata.json`` files.

    A folder is read from its newest metadata file under ``metadata/``.
    ``snapshot_id`` reads that snapshot; ``timestamp`` (a ``datetime``,
    naive means UTC, or an ISO 8601 string) the snapshot that was current
    then; neither, the current snapshot. Projection, filters and a limit on
    the frame are pushed down: the library skips data files, row groups and
    rows by them, and applies the table's delete files.
    ``output_field_config`` shapes the columns (see ``flowfile.output_fields``);
    ``flow_graph`` records the frame in that graph (see ``flowfile.flow_graph``).
    """
    if snapshot_id is not None and (isinstance(snapshot_id, bool) or not isinstance(snapshot_id, int)):
        raise InvalidArgumentError(
            f"snapshot_id must be a snapshot id (a whole number), not {snapshot_id!r}", "snapshot_id"
        )
    session = _engine.data_session()
    plan = session.scan(
        connection_name or "",
        source,
        "iceberg",
        snapshot_id=snapshot_id,
        timestamp=_iso_time(timestamp),
    )
    table = {"snapshot_id": snapshot_id, "timestamp": _iso_time(timestamp)}
    spec = {**frame_spec(connection_name, source, "iceberg", {}), **table}
    frame = read_into(LazyFrame(plan, connection_name, description, spec=spec), flow_graph)
    return apply_output_field_config(frame, output_field_config)


def _iso_time(moment: str | datetime | None) -> str | None:
    if moment is None or isinstance(moment, str):
        return moment
    if isinstance(moment, datetime):
        aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        return aware.isoformat()
    raise InvalidArgumentError(f"timestamp must be a datetime or an ISO 8601 time, not {moment!r}", "timestamp")
