"""Lazy frames over cloud storage, made by the readers of ``flowfile.cloud_storage``, and written back.

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
from typing import TYPE_CHECKING, Literal

from flowfile import _engine
from flowfile.expressions import Predicate

if TYPE_CHECKING:
    import polars
    import pyarrow

__all__ = ["LazyFrame", "WriteResult"]

Compression = Literal["snappy", "gzip", "brotli", "lz4", "zstd", "none"]
WriteMode = Literal["overwrite", "append"]
_DEFAULT_ROW_GROUP_SIZE = 1 << 20


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
    """An immutable plan reading one cloud storage path through a named connection (or local credentials).

    ``select``, ``filter`` and ``head`` return new plans; ``collect`` runs it.
    The repr shows the plan, never a secret.
    """

    __slots__ = ("_connection_name", "_plan", "description")

    def __init__(self, plan: _engine.Plan, connection_name: str | None, description: str | None = None) -> None:
        self._plan = plan
        self._connection_name = connection_name
        self.description = description  # what the reader is for (Flowfile's node description)

    def _derive(self, plan: _engine.Plan) -> LazyFrame:
        return LazyFrame(plan, self._connection_name, self.description)

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
        connection = "local credentials" if self._connection_name is None else repr(self._connection_name)
        return f"<flowfile.LazyFrame connection={connection}: {self._plan.describe()}>"

    def write_parquet_to_cloud_storage(
        self,
        path: str,
        connection_name: str | None = None,
        compression: Compression = "snappy",
        description: str | None = None,
        *,
        row_group_size: int = _DEFAULT_ROW_GROUP_SIZE,
        write_mode: WriteMode = "overwrite",
    ) -> WriteResult:
        """Write the rows as Parquet (Flowfile's parameters); see ``flowfile.write_parquet_to_cloud_storage``.

        ``connection_name`` None writes with the local default credential
        chain; ``description`` is accepted as Flowfile does, and not stored.
        """
        from flowfile.cloud_storage import write_parquet_to_cloud_storage

        del description
        return write_parquet_to_cloud_storage(
            self, path, connection_name, compression=compression, row_group_size=row_group_size, write_mode=write_mode
        )

    def write_csv_to_cloud_storage(
        self,
        path: str,
        connection_name: str | None = None,
        delimiter: str = ";",
        encoding: str = "utf8",
        description: str | None = None,
        *,
        write_mode: WriteMode = "overwrite",
    ) -> WriteResult:
        """Write the rows as CSV (``delimiter`` default ``;``, as Flowfile); see ``write_csv_to_cloud_storage``.

        ``description`` is accepted as Flowfile does, and not stored.
        """
        from flowfile.cloud_storage import write_csv_to_cloud_storage

        del description
        return write_csv_to_cloud_storage(
            self, path, connection_name, delimiter=delimiter, encoding=encoding, write_mode=write_mode
        )

    def write_json_to_cloud_storage(
        self,
        path: str,
        connection_name: str | None = None,
        description: str | None = None,
        *,
        write_mode: WriteMode = "overwrite",
    ) -> WriteResult:
        """Write the rows as JSON lines; see ``flowfile.write_json_to_cloud_storage``."""
        from flowfile.cloud_storage import write_json_to_cloud_storage

        del description
        return write_json_to_cloud_storage(self, path, connection_name, write_mode=write_mode)
