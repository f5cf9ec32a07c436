"""Delta Lake tables through a stored connection, with Flowfile's names and parameters.

``scan_delta`` and ``LazyFrame.write_delta`` take the parameters of the
Flowfile package (``flowfile_frame``). The table library reads and commits
the Delta log; this module only translates arguments for the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from flowfile import _engine
from flowfile.errors import InvalidArgumentError
from flowfile.frame import LazyFrame, WriteResult
from flowfile.output_fields import OutputFieldConfig, apply_output_field_config

if TYPE_CHECKING:
    from datetime import datetime

    from flowfile.cloud_storage import ArrowStreamExportable

__all__ = ["DeltaWriteMode", "scan_delta", "write_delta"]

DeltaWriteMode = Literal["overwrite", "append", "error", "upsert", "update", "delete"]
_MERGE_MODES = ("upsert", "update", "delete")


def scan_delta(
    source: str,
    *,
    connection_name: str | None = None,
    version: int | None = None,
    changes_since: int | str | datetime | None = None,
    include_change_preimage: bool = False,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
) -> LazyFrame:
    """Plan a read of the Delta table at ``source`` (its folder), at ``version`` or the latest.

    Projection, filters and a limit on the frame are pushed down: files are
    skipped by partition values and statistics. Partition columns are columns.
    ``output_field_config`` shapes the columns (see ``flowfile.output_fields``).
    """
    if changes_since is not None or include_change_preimage:
        raise InvalidArgumentError(
            "reading a Delta table's change feed is not supported yet: read a version instead", "changes_since"
        )
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)):
        raise InvalidArgumentError(f"version must be a whole number, not {version!r}", "version")
    session = _engine.data_session()
    plan = session.scan(connection_name or "", source, "delta", version=version)
    return apply_output_field_config(LazyFrame(plan, connection_name, description), output_field_config)


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

    ``write_mode``: ``overwrite`` (the default, as Flowfile), ``append``, or
    ``error`` (fail if a table is there). ``partition_by`` applies when the
    table is created. Returns the rows written and the committed ``version``.
    """
    if write_mode in _MERGE_MODES or merge_keys:
        raise InvalidArgumentError(
            f"write_mode {write_mode!r} (merge by merge_keys) is not supported yet: use overwrite, append or error",
            "write_mode",
        )
    if track_changes:
        raise InvalidArgumentError("track_changes (change data feed) is not supported yet", "track_changes")
    export = getattr(data, "__arrow_c_stream__", None)
    if export is None:
        raise TypeError(
            f"cannot write {type(data).__name__}: pass a flowfile frame or anything with __arrow_c_stream__"
        )
    session = _engine.data_session()
    result = session.write(
        connection_name or "", path, "delta", export(), write_mode=write_mode, partition_by=list(partition_by or [])
    )
    return WriteResult(**result)
