"""Reading and writing cloud storage, with Flowfile's names, parameters and defaults.

``scan_*_from_cloud_storage``, ``read_from_cloud_storage``,
``write_to_cloud_storage`` and the frame's ``write_*_to_cloud_storage`` take
the parameters of the Flowfile package (``flowfile_frame``), with its
defaults: ``connection_name=None`` reads and writes with the local default
credential chain, CSV uses ``delimiter=";"``, ``has_header=True`` and
``encoding="utf8"``. What this package adds (``hive_partitioning``,
``quote``, ``row_group_size``, ``write_mode`` for files, the returned
``WriteResult``) is keyword-only or defaults to what Flowfile does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, Protocol

from flowfile import _engine, flows
from flowfile._table_reads import check_table_options, scan_table
from flowfile.errors import InvalidArgumentError
from flowfile.flow_graph import FlowGraph, read_into, record_write
from flowfile.frame import LazyFrame, WriteResult
from flowfile.output_fields import OutputFieldConfig, apply_output_field_config
from flowfile.written_frame import WrittenFrame

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

__all__ = [
    "CSV_DELIMITER",
    "ArrowStreamExportable",
    "Compression",
    "FileFormat",
    "ScanMode",
    "WriteMode",
    "read_from_cloud_storage",
    "scan_csv_from_cloud_storage",
    "scan_json_from_cloud_storage",
    "scan_parquet_from_cloud_storage",
    "write_csv_to_cloud_storage",
    "write_json_to_cloud_storage",
    "write_parquet_to_cloud_storage",
    "write_to_cloud_storage",
]

Compression = Literal["snappy", "gzip", "brotli", "lz4", "zstd", "none"]
# error, and upsert, update, delete (by merge_keys): Delta tables only.
WriteMode = Literal["overwrite", "append", "error", "upsert", "update", "delete"]
ScanMode = Literal["single_file", "directory"]
FileFormat = Literal["csv", "parquet", "json", "delta", "iceberg"]

CSV_DELIMITER = ";"
"""Flowfile's CSV delimiter, for reading and writing alike: pass ``delimiter=","`` for comma-separated files."""

_DEFAULT_ROW_GROUP_SIZE = 1 << 20
_GLOB_CHARACTERS = "*?["


class ArrowStreamExportable(Protocol):
    """Anything that exports an Arrow C stream: pyarrow Tables, polars DataFrames, flowfile frames."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...


def _source_path(source: str, scan_mode: ScanMode | None) -> str:
    """The path to scan: a folder read in ``directory`` mode gets its trailing slash.

    Without ``scan_mode`` the engine looks at what is there (an object, a
    folder, or a glob), so a folder needs no trailing slash.
    """
    if scan_mode not in (None, "single_file", "directory"):
        raise InvalidArgumentError(
            f"scan_mode must be 'single_file', 'directory' or None, not {scan_mode!r}", "scan_mode"
        )
    if scan_mode == "directory" and not source.endswith("/") and not any(c in source for c in _GLOB_CHARACTERS):
        return source + "/"
    return source


def _scan(
    source: str,
    connection_name: str | None,
    scan_mode: ScanMode | None,
    description: str | None,
    output_field_config: OutputFieldConfig | None,
    file_format: str,
    flow_graph: FlowGraph | None,
    **options: str | bool,
) -> LazyFrame:
    session = _engine.data_session()
    path = _source_path(source, scan_mode)
    plan = session.scan(connection_name or "", path, file_format, **options)  # type: ignore[arg-type]
    spec = flows.frame_spec(connection_name, path, file_format, options)
    frame = read_into(LazyFrame(plan, connection_name, description, spec=spec), flow_graph)
    return apply_output_field_config(frame, output_field_config)


def scan_parquet_from_cloud_storage(
    source: str,
    *,
    flow_graph: FlowGraph | None = None,
    connection_name: str | None = None,
    scan_mode: ScanMode | None = None,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
    hive_partitioning: bool = True,
) -> LazyFrame:
    """Plan a read of Parquet at ``source``: an object, a folder (with or without ``/``) or a glob.

    Paths: ``s3://bucket/key``, ``gs://bucket/key``, ``abfs://container@account/key``.
    ``connection_name`` None reads with the local default credential chain
    (environment, ``~/.aws``, instance identity). ``scan_mode`` may be left
    out: a folder and a glob (``**`` crossing folders) are read as one table.
    ``output_field_config`` shapes the columns as Flowfile's reader nodes do
    (see ``flowfile.output_fields``). ``flow_graph`` records the frame in that
    graph (``ff.create_flow_graph()``; see ``flowfile.flow_graph``). Raises ConnectionNotFoundError for an
    unknown connection, PathNotFoundError when nothing is at ``source``.
    """
    return _scan(
        source,
        connection_name,
        scan_mode,
        description,
        output_field_config,
        "parquet",
        flow_graph,
        hive_partitioning=hive_partitioning,
    )


def scan_csv_from_cloud_storage(
    source: str,
    *,
    flow_graph: FlowGraph | None = None,
    connection_name: str | None = None,
    scan_mode: ScanMode | None = None,
    delimiter: str = CSV_DELIMITER,
    has_header: bool = True,
    encoding: str = "utf8",
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
    quote: str = '"',
    hive_partitioning: bool = True,
) -> LazyFrame:
    """Plan a read of CSV at ``source``; see ``scan_parquet_from_cloud_storage`` for paths and connections.

    ``delimiter`` (default ``;``, as Flowfile) and ``quote`` are single
    characters; ``utf8-lossy`` replaces invalid bytes, other encodings than
    utf8 (latin1, cp1252, ...) are transcoded while reading.
    """
    return _scan(
        source,
        connection_name,
        scan_mode,
        description,
        output_field_config,
        "csv",
        flow_graph,
        delimiter=delimiter,
        has_header=has_header,
        encoding=encoding,
        quote=quote,
        hive_partitioning=hive_partitioning,
    )


def scan_json_from_cloud_storage(
    source: str,
    *,
    flow_graph: FlowGraph | None = None,
    connection_name: str | None = None,
    scan_mode: ScanMode | None = None,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
    hive_partitioning: bool = True,
) -> LazyFrame:
    """Plan a read of newline-delimited JSON at ``source``; see ``scan_parquet_from_cloud_storage``."""
    return _scan(
        source,
        connection_name,
        scan_mode,
        description,
        output_field_config,
        "json",
        flow_graph,
        hive_partitioning=hive_partitioning,
    )


def _unsupported(file_format: str) -> InvalidArgumentError:
    return InvalidArgumentError(f"Unsupported file format: {file_format}", "file_format")


def read_from_cloud_storage(
    source: str,
    *,
    file_format: FileFormat = "parquet",
    connection_name: str | None = None,
    scan_mode: ScanMode | None = None,
    delimiter: str = CSV_DELIMITER,
    has_header: bool = True,
    encoding: str = "utf8",
    delta_version: int | None = None,
    changes_since: int | str | datetime | None = None,
    include_change_preimage: bool = False,
    description: str | None = None,
    output_field_config: OutputFieldConfig | None = None,
    snapshot_id: int | None = None,
    flow_graph: FlowGraph | None = None,
) -> LazyFrame:
    """Plan a read of ``source`` in ``file_format``: one entry point for the ``scan_*`` readers.

    ``delimiter``, ``has_header`` and ``encoding`` apply to CSV only;
    ``delta_version`` and the change feed options to Delta tables only;
    ``snapshot_id`` to Iceberg tables only. ``flow_graph``: as the ``scan_*`` readers'
    (Flowfile 0.23.3's ``read_from_cloud_storage`` does not take it).
    """
    check_table_options(file_format, changes_since is not None or include_change_preimage, snapshot_id, delta_version)
    # What every file reader takes, as given.
    common: dict[str, Any] = {
        "connection_name": connection_name,
        "scan_mode": scan_mode,
        "description": description,
        "output_field_config": output_field_config,
        "flow_graph": flow_graph,
    }
    if file_format == "csv":
        return scan_csv_from_cloud_storage(
            source, delimiter=delimiter, has_header=has_header, encoding=encoding, **common
        )
    if file_format in ("parquet", "json"):
        scan = scan_parquet_from_cloud_storage if file_format == "parquet" else scan_json_from_cloud_storage
        return scan(source, **common)
    if file_format in ("delta", "iceberg"):
        return scan_table(
            source,
            file_format,
            connection_name,
            {
                "version": delta_version,
                "changes_since": changes_since,
                "include_change_preimage": include_change_preimage,
            },
            snapshot_id,
            description,
            output_field_config,
            flow_graph,
        )
    raise _unsupported(file_format)


def _write(
    data: ArrowStreamExportable, path: str, connection_name: str | None, file_format: str, **options: str | int | bool
) -> WriteResult:
    export = getattr(data, "__arrow_c_stream__", None)
    if export is None:
        raise TypeError(
            f"cannot write {type(data).__name__}: pass a flowfile frame or anything with __arrow_c_stream__ "
            "(a pyarrow Table, a polars DataFrame, ...)"
        )

    def run() -> WriteResult:
        session = _engine.data_session()
        return WriteResult(**session.write(connection_name or "", path, file_format, export(), **options))

    result = run()
    record_write(data, connection_name, path, file_format, options, run)
    return result


def write_parquet_to_cloud_storage(
    data: ArrowStreamExportable,
    path: str,
    connection_name: str | None = None,
    compression: Compression = "snappy",
    row_group_size: int = _DEFAULT_ROW_GROUP_SIZE,
    write_mode: WriteMode = "overwrite",
) -> WriteResult:
    """Stream ``data`` to ``path`` as Parquet (multipart upload); ``connection_name`` None: local credentials.

    ``write_mode="append"`` treats ``path`` as a folder and adds a new part file.
    """
    return _write(
        data,
        path,
        connection_name,
        "parquet",
        compression=compression,
        row_group_size=row_group_size,
        write_mode=write_mode,
    )


def _output_encoding(encoding: str) -> str:
    # Output is always valid UTF-8, so Flowfile's lossy variant writes the same bytes.
    return "utf8" if encoding == "utf8-lossy" else encoding


def write_csv_to_cloud_storage(
    data: ArrowStreamExportable,
    path: str,
    connection_name: str | None = None,
    delimiter: str = CSV_DELIMITER,
    encoding: str = "utf8",
    write_mode: WriteMode = "overwrite",
) -> WriteResult:
    """Stream ``data`` to ``path`` as CSV with a header row (``delimiter`` default ``;``, as Flowfile)."""
    return _write(
        data,
        path,
        connection_name,
        "csv",
        delimiter=delimiter,
        encoding=_output_encoding(encoding),
        write_mode=write_mode,
    )


def write_json_to_cloud_storage(
    data: ArrowStreamExportable, path: str, connection_name: str | None = None, write_mode: WriteMode = "overwrite"
) -> WriteResult:
    """Stream ``data`` to ``path`` as newline-delimited JSON."""
    return _write(data, path, connection_name, "json", write_mode=write_mode)


def write_to_cloud_storage(
    df: ArrowStreamExportable,
    path: str,
    *,
    file_format: FileFormat = "parquet",
    connection_name: str | None = None,
    delimiter: str = CSV_DELIMITER,
    encoding: str = "utf8",
    compression: Compression = "snappy",
    write_mode: str = "overwrite",
    partition_by: list[str] | None = None,
    merge_keys: list[str] | None = None,
    track_changes: bool = False,
) -> WriteResult | WrittenFrame:
    """Write ``df`` to ``path`` in ``file_format``: one entry point for the format writers.

    As in Flowfile, ``write_mode``, ``partition_by``, ``merge_keys`` and
    ``track_changes`` belong to Delta tables: for parquet, csv and json the
    file at ``path`` is overwritten (to add part files to a folder, use
    ``write_parquet_to_cloud_storage(..., write_mode="append")``).
    """
    if partition_by and file_format != "delta":
        raise ValueError("partition_by is only supported for the 'delta' file format")
    if (merge_keys or track_changes) and file_format != "delta":
        raise ValueError("merge_keys and track_changes are only supported for the 'delta' file format")
    from flowfile.delta import write_delta

    writers: dict[str, Callable[[], WriteResult]] = {
        "delta": lambda: write_delta(df, path, connection_name, write_mode, partition_by, merge_keys, track_changes),  # type: ignore[arg-type]
        "csv": lambda: write_csv_to_cloud_storage(df, path, connection_name, delimiter=delimiter, encoding=encoding),
        "parquet": lambda: write_parquet_to_cloud_storage(df, path, connection_name, compression=compression),
        "json": lambda: write_json_to_cloud_storage(df, path, connection_name),
    }
    if file_format not in writers:
        raise _unsupported(file_format)
    result = writers[file_format]()
    # A frame in gives a frame out, as Flowfile's writers do.
    return WrittenFrame(df, result) if isinstance(df, LazyFrame) else result
