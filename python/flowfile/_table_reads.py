"""``read_from_cloud_storage`` of a table: its options checked against the format, and the Delta or Iceberg read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flowfile.errors import InvalidArgumentError

if TYPE_CHECKING:
    from flowfile.flow_graph import FlowGraph
    from flowfile.frame import LazyFrame
    from flowfile.output_fields import OutputFieldConfig

__all__ = ["check_table_options", "scan_table"]


def check_table_options(
    file_format: str, change_feed: bool, snapshot_id: int | None, delta_version: int | None
) -> None:
    """Refuses a table format's options given with another format."""
    if delta_version is not None and file_format != "delta":
        raise InvalidArgumentError(
            "delta_version applies to Delta tables only: use file_format 'delta'", "delta_version"
        )
    if change_feed and file_format != "delta":
        raise ValueError("changes_since is only supported for the 'delta' file format")
    if snapshot_id is not None and file_format != "iceberg":
        raise ValueError("snapshot_id is only supported for the 'iceberg' file format")


def scan_table(
    source: str,
    file_format: str,
    connection_name: str | None,
    delta: dict[str, Any],
    snapshot_id: int | None,
    description: str | None,
    output_field_config: OutputFieldConfig | None,
    flow_graph: FlowGraph | None,
) -> LazyFrame:
    """A Delta table (``delta``: its version and change feed options) or an Iceberg table at ``snapshot_id``."""
    if file_format == "delta":
        from flowfile.delta import scan_delta

        return scan_delta(
            source,
            connection_name=connection_name,
            description=description,
            output_field_config=output_field_config,
            flow_graph=flow_graph,
            **delta,
        )
    from flowfile.iceberg import scan_iceberg

    return scan_iceberg(
        source,
        connection_name=connection_name,
        snapshot_id=snapshot_id,
        description=description,
        output_field_config=output_field_config,
        flow_graph=flow_graph,
    )
