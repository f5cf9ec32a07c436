"""Lazy frames over cloud storage: scan Parquet/CSV/JSON through a named connection, write frames back.

A frame is a plan; nothing is read until it is collected or handed to a
consumer through the Arrow PyCapsule protocol (``__arrow_c_stream__``), which
pyarrow, polars and DuckDB read without copies. Projection, filters and
limits are pushed down to the reader. In server mode (FLOWFILE_API_URL and
FLOWFILE_API_TOKEN set) the server runs the plans and the writes, through
its own connections, and rows stream to and from it batch by batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from flowfile import _engine
from flowfile.expressions import Predicate

if TYPE_CHECKING:
    import polars
    import pyarrow

__all__ = [
    "ArrowStreamExportable",
    "Compression",
    "LazyFrame",
    "WriteMode",
    "WriteResult",
    "scan_csv_from_cloud_storage",
    "scan_json_from_cloud_storage",
    "scan_parquet_from_cloud_storage",
    "write_csv_to_cloud_storage",
    "write_json_to_cloud_storage",
    "write_parquet_to_cloud_storage",
]

Compression = Literal["snappy", "gzip", "brotli", "lz4", "zstd", "none"]
WriteMode = Literal["overwrite", "append"]
_DEFAULT_ROW_GROUP_SIZE = 1 << 20


class ArrowStreamExportable(Protocol):
    """Anything that exports an Arrow C stream: pyarrow Tables, polars DataFrames, flowfile frames."""

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...


@dataclass(frozen=True)
class WriteResult:
    """What a write did: rows and bytes written, time taken, and the object written.

    With ``write_mode="append"``, ``path`` is the new part file.
    """

    rows: int
    bytes: int
    seconds: float
    path: str


class LazyFrame:
    """An immutable plan reading one cloud storage path through a named connection.

    ``select``, ``filter`` and ``head`` return new plans; ``collect`` runs it.
    The repr shows the plan, never a secret.
    """

    __slots__ = ("_connection_name", "_plan")

    def __init__(self, plan: _engine.Plan, connection_name: str) -> None:
        self._plan = plan
        self._connection_name = connection_name

    def _derive(self, plan: _engine.Plan) -> LazyFrame:
        return LazyFrame(plan, self._connection_name)

    def select(self, *columns: str | Iterable[str]) -> LazyFrame:
        """Keep only these columns, in this order: ``select("a", "b")`` or ``select(["a", "b"])``."""
        names: list[str] = []
        for column in columns:
            names.extend([column] if isinstance(column, str) else column)
        return self._derive(self._plan.select(names))

    def filter(self, *predicates: Predicate) -> LazyFrame:
        """Keep rows matching every predicate, e.g. ``filter(ff.col("x") > 3, ff.col("y").is_null())``."""
        plan = self._plan
        for predicate in predicates:
            if not isinstance(predicate, Predicate):
                raise TypeError(f"filter takes ff.col(...) predicates, not {type(predicate).__name__}")
            for comparison in predicate.comparisons:
                plan = plan.filter(comparison.column, comparison.op, comparison.value)
        return self._derive(plan)

    def limit(self, n: int) -> LazyFrame:
        """Stop after ``n`` rows."""
        if n < 0:
            raise ValueError("limit must not be negative")
        return self._derive(self._plan.limit(n))

    def head(self, n: int = 5) -> LazyFrame:
        """The first ``n`` rows (a plan, like ``limit``)."""
        return self.limit(n)

    @property
    def columns(self) -> list[str]:
        """Column names after projection; reads only metadata."""
        return self._plan.column_names()

    def explain(self) -> str:
        """The plan in words: format, path, columns, filters, limit."""
        return self._plan.describe()

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Run the plan as an Arrow C stream PyCapsule (Arrow PyCapsule protocol).

        ``requested_schema`` is ignored, as the protocol allows: the stream has
        the plan's own schema.
        """
        return self._plan.export_stream()

    def collect(self) -> pyarrow.Table:
        """Run the plan and return all rows as a pyarrow Table."""
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(self).read_all()

    to_arrow = collect

    def to_batches(self) -> pyarrow.RecordBatchReader:
        """Run the plan as a pyarrow RecordBatchReader, reading batch by batch."""
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(self)

    def to_polars(self) -> polars.DataFrame:
        """Run the plan and return all rows as a polars DataFrame."""
        import polars as pl

        return pl.DataFrame(self)

    def __repr__(self) -> str:
        return f"<flowfile.LazyFrame connection={self._connection_name!r}: {self._plan.describe()}>"

    def write_parquet_to_cloud_storage(
        self,
        path: str,
        connection_name: str,
        compression: Compression = "snappy",
        row_group_size: int = _DEFAULT_ROW_GROUP_SIZE,
        write_mode: WriteMode = "overwrite",
    ) -> WriteResult:
        """Write the rows as Parquet; see ``flowfile.write_parquet_to_cloud_storage``."""
        return write_parquet_to_cloud_storage(self, path, connection_name, compression, row_group_size, write_mode)

    def write_csv_to_cloud_storage(
        self,
        path: str,
        connection_name: str,
        delimiter: str = ",",
        encoding: str = "utf8",
        write_mode: WriteMode = "overwrite",
    ) -> WriteResult:
        """Write the rows as CSV; see ``flowfile.write_csv_to_cloud_storage``."""
        return write_csv_to_cloud_storage(self, path, connection_name, delimiter, encoding, write_mode)

    def write_json_to_cloud_storage(
        self, path: str, connection_name: str, write_mode: WriteMode = "overwrite"
    ) -> WriteResult:
        """Write the rows as JSON lines; see ``flowfile.write_json_to_cloud_storage``."""
        return write_json_to_cloud_storage(self, path, connection_name, write_mode)


def _scan(connection_name: str, source: str, file_format: str, **csv: str | bool) -> LazyFrame:
    plan = _engine.data_session().scan(connection_name, source, file_format, **csv)  # type: ignore[arg-type]
    return LazyFrame(plan, connection_name)


def scan_parquet_from_cloud_storage(source: str, connection_name: str, hive_partitioning: bool = True) -> LazyFrame:
    """Plan a read of Parquet at ``source`` (an object, a prefix or a glob) through ``connection_name``.

    Paths: ``s3://bucket/key``, ``gs://bucket/key``, ``abfs://container@account/key``.
    Raises ConnectionNotFoundError for an unknown connection.
    """
    return _scan(connection_name, source, "parquet", hive_partitioning=hive_partitioning)


def scan_csv_from_cloud_storage(
    source: str,
    connection_name: str,
    delimiter: str = ",",
    has_header: bool = True,
    encoding: str = "utf8",
    quote: str = '"',
    hive_partitioning: bool = True,
) -> LazyFrame:
    """Plan a read of CSV at ``source`` through ``connection_name``.

    ``delimiter`` and ``quote`` are single characters; other encodings than
    utf8 are transcoded while reading.
    """
    return _scan(
        connection_name,
        source,
        "csv",
        delimiter=delimiter,
        has_header=has_header,
        encoding=encoding,
        quote=quote,
        hive_partitioning=hive_partitioning,
    )


def scan_json_from_cloud_storage(source: str, connection_name: str, hive_partitioning: bool = True) -> LazyFrame:
    """Plan a read of newline-delimited JSON at ``source`` through ``connection_name``."""
    return _scan(connection_name, source, "json", hive_partitioning=hive_partitioning)


def _write(
    data: ArrowStreamExportable, path: str, connection_name: str, file_format: str, **options: str | int | bool
) -> WriteResult:
    export = getattr(data, "__arrow_c_stream__", None)
    if export is None:
        raise TypeError(
            f"cannot write {type(data).__name__}: pass a flowfile frame or anything with __arrow_c_stream__ "
            "(a pyarrow Table, a polars DataFrame, ...)"
        )
    result = _engine.data_session().write(connection_name, path, file_format, export(), **options)  # type: ignore[arg-type]
    return WriteResult(**result)


def write_parquet_to_cloud_storage(
    data: ArrowStreamExportable,
    path: str,
    connection_name: str,
    compression: Compression = "snappy",
    row_group_size: int = _DEFAULT_ROW_GROUP_SIZE,
    write_mode: WriteMode = "overwrite",
) -> WriteResult:
    """Stream ``data`` to ``path`` as Parquet through ``connection_name`` (multipart upload).

    ``write_mode="append"`` treats ``path`` as a directory and adds a new part file.
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


def write_csv_to_cloud_storage(
    data: ArrowStreamExportable,
    path: str,
    connection_name: str,
    delimiter: str = ",",
    encoding: str = "utf8",
    write_mode: WriteMode = "overwrite",
) -> WriteResult:
    """Stream ``data`` to ``path`` as CSV (with a header row) through ``connection_name``."""
    return _write(data, path, connection_name, "csv", delimiter=delimiter, encoding=encoding, write_mode=write_mode)


def write_json_to_cloud_storage(
    data: ArrowStreamExportable, path: str, connection_name: str, write_mode: WriteMode = "overwrite"
) -> WriteResult:
    """Stream ``data`` to ``path`` as newline-delimited JSON through ``connection_name``."""
    return _write(data, path, connection_name, "json", write_mode=write_mode)
