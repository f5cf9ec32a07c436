"""Lazy frames over cloud storage, made by the readers of ``flowfile.cloud_storage``, and written back.

A frame is a plan; nothing is read until it is collected (a polars
DataFrame, as in Flowfile), turned into a pyarrow Table (``to_arrow``) or
handed to a consumer through the Arrow PyCapsule protocol
(``__arrow_c_stream__``), which pyarrow, polars and DuckDB read without
copies. Projection, filters and limits are pushed down to the reader;
``sort``, ``rename`` and simple ``with_columns`` run in the C++ engine on
the rows after it, where the engine gives polars' result (see
``flowfile._engine_methods``); other frame methods run in polars. In server mode (FLOWFILE_API_URL and
FLOWFILE_API_TOKEN set) the server runs the plans and the writes, through
its own connections, and rows stream to and from it batch by batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Literal, cast

from flowfile import _engine
from flowfile._capsule import CapsuleStream
from flowfile._engine_methods import EngineMethods
from flowfile._engine_steps import StepsPlan, with_step
from flowfile._frame_flows import FrameFlows
from flowfile._polars_methods import Step
from flowfile.expressions import Column, Predicate, to_polars
from flowfile.write_result import WriteResult

if TYPE_CHECKING:
    import polars
    import pyarrow

    from flowfile.flow_graph import FlowGraph
    from flowfile.written_frame import WrittenFrame

__all__ = ["LazyFrame", "WriteResult"]

Compression = Literal["snappy", "gzip", "brotli", "lz4", "zstd", "none"]
# error, and upsert, update, delete (by merge_keys): Delta tables only.
WriteMode = Literal["overwrite", "append", "error", "upsert", "update", "delete"]
_DEFAULT_ROW_GROUP_SIZE = 1 << 20
# A frame's read settings and pushed-down transforms (see flowfile.flows.frame_spec).
FrameSpec = dict[str, object]


class LazyFrame(EngineMethods, FrameFlows):
    """An immutable plan reading cloud storage through a named connection (or local credentials).

    The reader's plan (``_plan``) takes projection, filters and a limit:
    ``select`` of column names, ``filter`` of ``ff.col`` comparisons and
    ``head``/``limit`` are pushed down to the C++ engine, as long as no
    polars step came before them. ``sort`` (``nulls_last=True``),
    ``rename`` and ``with_columns`` of ``ff.col`` arithmetic become engine
    steps run on the rows after the read (kept in the spec, ``_spec``), and
    ``select``, ``filter`` and ``limit`` after one become engine steps too.
    The other methods (``unique``, ``count``, ``group_by``, ``join``, other
    sorts and expressions, ...) add polars steps (``_steps``), run in polars
    on the rows the engine returns; anything after one runs in polars too.
    ``collect`` gives a polars DataFrame, ``to_arrow`` a pyarrow Table. The
    repr shows the plan, never a secret.
    """

    __slots__ = ("_connection_name", "_graph", "_plan", "_spec", "_steps", "description")

    def __init__(
        self,
        plan: _engine.Plan,
        connection_name: str | None,
        description: str | None = None,
        steps: tuple[Step, ...] = (),
        spec: FrameSpec | None = None,
        graph: FlowGraph | None = None,
    ) -> None:
        self._plan = plan
        self._graph = graph  # the FlowGraph the frame is in (flow_graph)
        self._connection_name = connection_name
        self._steps = steps
        # The reader's settings and pushed-down transforms, as a saved flow keeps them.
        self._spec = spec
        self.description = description  # what the reader is for (Flowfile's node description)

    def _made(self, frame: LazyFrame) -> LazyFrame:
        """``frame``, made from this one, recorded in this frame's graph in its place."""
        frame._graph = self._graph
        if self._graph is not None:
            self._graph._record(frame, self)
        return frame

    def _derive(self, plan: _engine.Plan, **change: object) -> LazyFrame:
        spec = None if self._spec is None else {**self._spec, **change}
        return self._made(LazyFrame(plan, self._connection_name, self.description, spec=spec))

    def _then(self, name: str, run: Callable[[polars.LazyFrame], polars.LazyFrame]) -> LazyFrame:
        """The frame followed by a polars step (``name`` shows in ``explain``)."""
        steps = (*self._steps, Step(name, run))
        return self._made(LazyFrame(self._plan, self._connection_name, self.description, steps, self._spec))

    def _can_step(self) -> bool:
        """Whether an engine step can follow: no polars step yet, and a reader's spec to hold it."""
        return not self._steps and self._spec is not None

    def _has_engine_steps(self) -> bool:
        return self._spec is not None and bool(self._spec.get("steps"))

    def _engine_step(self, kind: str, settings: dict[str, object], record: bool = True) -> LazyFrame | None:
        """The frame followed by a step the engine runs on the rows after the read; None when it cannot.

        ``record=False``: not recorded in the graph (a step of several that may all be dropped).
        """
        if not self._can_step():
            return None
        assert self._spec is not None  # checked by _can_step; tells the type checker
        spec = with_step(self._spec, kind, settings)
        step = getattr(self._plan, "step", None)  # a StepsPlan, or a server's RemotePlan
        plan = step(kind, settings) if step is not None else StepsPlan(self._plan, spec)  # type: ignore[arg-type]
        frame = LazyFrame(plan, self._connection_name, self.description, spec=spec, graph=self._graph)
        return self._made(frame) if record else frame

    def _engine_schema(self) -> pyarrow.Schema:
        """The Arrow schema of the rows the engine returns (before polars steps); reads only metadata."""
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(CapsuleStream(self._plan.limit(0).export_stream())).schema

    def select(self, *columns: str | Iterable[str] | object, **named: object) -> LazyFrame:
        """Keep these columns, in this order: ``select("a", "b")`` or ``select(["a", "b"])``.

        Column names are pushed down (only those columns are fetched);
        expressions (``ff.col("a") * 2``, ``pl.col("a").alias("b")``) run in polars.
        """
        names: list[str] = []
        for column in columns:
            if isinstance(column, str):
                names.append(column)
            elif isinstance(column, (list, tuple)) and all(isinstance(name, str) for name in column):
                names.extend(column)
            else:
                names = []
                break
        if self._steps or named or (columns and not names):
            exprs, named_exprs = to_polars(columns), to_polars(named)
            return self._then("select", lambda frame: frame.select(*exprs, **named_exprs))
        if self._has_engine_steps():
            return cast(LazyFrame, self._engine_step("select", {"columns": names}))
        return self._derive(self._plan.select(names), columns=names)

    def filter(self, *predicates: Predicate | object, **constraints: object) -> LazyFrame:
        """Keep rows matching every predicate: ``filter(ff.col("x") > 3, ff.col("y").is_null(), city="Oslo")``.

        ``ff.col`` comparisons joined with ``&`` and keyword equalities are
        pushed down to the reader; other expressions (``|``, ``~``, polars
        expressions) run in polars.
        """
        pushable = [*predicates, *(Column(name) == value for name, value in constraints.items())]
        if self._steps or not all(isinstance(predicate, Predicate) for predicate in pushable):
            exprs = to_polars(pushable)
            return self._then("filter", lambda frame: frame.filter(*exprs))
        if self._has_engine_steps():
            frame = self
            for predicate in pushable:
                assert isinstance(predicate, Predicate)  # checked above; tells the type checker
                for comparison in predicate.comparisons:
                    settings: dict[str, object] = {
                        "column": comparison.column,
                        "op": comparison.op,
                        "value": comparison.value,
                    }
                    frame = cast(LazyFrame, frame._engine_step("filter", settings))
            return frame
        plan = self._plan
        filters = list(cast("list[object]", self._spec["filters"])) if self._spec is not None else []
        for predicate in pushable:
            assert isinstance(predicate, Predicate)  # checked above; tells the type checker
            for comparison in predicate.comparisons:
                plan = plan.filter(comparison.column, comparison.op, comparison.value)
                filters.append((comparison.column, comparison.op, comparison.value))
        return self._derive(plan, filters=filters)

    def limit(self, n: int = 5, description: str | None = None) -> LazyFrame:
        """Stop after ``n`` rows (pushed down to the reader unless a polars step came first)."""
        del description
        if n < 0:
            raise ValueError("limit must not be negative")
        if self._steps:
            return self._then("head", lambda frame: frame.head(n))
        if self._has_engine_steps():
            return cast(LazyFrame, self._engine_step("limit", {"rows": n}))
        earlier = self._spec["limit"] if self._spec is not None else None
        return self._derive(self._plan.limit(n), limit=n if earlier is None else min(n, cast(int, earlier)))

    def head(self, n: int = 5, description: str | None = None) -> LazyFrame:
        """The first ``n`` rows (a plan, like ``limit``)."""
        return self.limit(n, description)

    def _empty(self) -> polars.LazyFrame:
        """No rows, with the engine's columns and types, and the polars steps applied: for schemas."""
        import polars as pl

        return self._run(pl.from_arrow(self._engine_schema().empty_table()).lazy())  # type: ignore[union-attr]

    def _run(self, frame: polars.LazyFrame) -> polars.LazyFrame:
        for step in self._steps:
            frame = step.run(frame)
        return frame

    @property
    def columns(self) -> list[str]:
        """Column names; reads only metadata."""
        if not self._steps:
            return self._plan.column_names()
        return self._empty().collect_schema().names()

    @property
    def schema(self) -> polars.Schema:
        """Column names and polars types, in order; reads only metadata."""
        return self._empty().collect_schema()

    @property
    def dtypes(self) -> list[polars.DataType]:
        """The polars types of the columns."""
        return self.schema.dtypes()

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self.columns)

    def explain(self) -> str:
        """The plan in words: the read (format, path, columns, filters, limit), the engine's steps, the polars steps."""
        text = self._plan.describe()
        if self._steps:
            text += "; then in polars: " + ", ".join(step.name for step in self._steps)
        return text

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """Run the plan as an Arrow C stream PyCapsule (Arrow PyCapsule protocol).

        Without polars steps the engine streams batch by batch (a sort holds
        every row first); with them, the rows are collected first. ``requested_schema`` is ignored, as the
        protocol allows: the stream has the plan's own schema.
        """
        if not self._steps:
            return self._plan.export_stream()
        return self.collect().__arrow_c_stream__()

    def collect(self) -> polars.DataFrame:
        """Run the plan and return all rows as a polars DataFrame (as Flowfile's frames do)."""
        import polars as pl

        frame = pl.DataFrame(CapsuleStream(self._plan.export_stream()))
        if not self._steps:
            return frame
        return self._run(frame.lazy()).collect()

    to_polars = collect

    def lazy(self) -> polars.LazyFrame:
        """A polars LazyFrame over the rows; the reader runs when this is built."""
        return self.collect().lazy()

    def to_arrow(self) -> pyarrow.Table:
        """Run the plan and return all rows as a pyarrow Table."""
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(self).read_all()

    def to_batches(self) -> pyarrow.RecordBatchReader:
        """Run the plan as a pyarrow RecordBatchReader, reading batch by batch."""
        import pyarrow as pa

        return pa.RecordBatchReader.from_stream(self)

    def __repr__(self) -> str:
        connection = "local credentials" if self._connection_name is None else repr(self._connection_name)
        return f"<flowfile.LazyFrame connection={connection}: {self.explain()}>"

    def write_parquet_to_cloud_storage(
        self,
        path: str,
        connection_name: str | None = None,
        compression: Compression = "snappy",
        description: str | None = None,
        *,
        row_group_size: int = _DEFAULT_ROW_GROUP_SIZE,
        write_mode: WriteMode = "overwrite",
    ) -> WrittenFrame:
        """Write the rows as Parquet (Flowfile's parameters); see ``flowfile.write_parquet_to_cloud_storage``.

        ``connection_name`` None writes with the local default credential
        chain; ``description`` is accepted as Flowfile does, and not stored.
        """
        from flowfile.cloud_storage import write_parquet_to_cloud_storage
        from flowfile.written_frame import WrittenFrame

        del description
        return WrittenFrame(
            self,
            write_parquet_to_cloud_storage(
                self,
                path,
                connection_name,
                compression=compression,
                row_group_size=row_group_size,
                write_mode=write_mode,
            ),
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
    ) -> WrittenFrame:
        """Write the rows as CSV (``delimiter`` default ``;``, as Flowfile); see ``write_csv_to_cloud_storage``.

        ``description`` is accepted as Flowfile does, and not stored.
        """
        from flowfile.cloud_storage import write_csv_to_cloud_storage
        from flowfile.written_frame import WrittenFrame

        del description
        return WrittenFrame(
            self,
            write_csv_to_cloud_storage(
                self, path, connection_name, delimiter=delimiter, encoding=encoding, write_mode=write_mode
            ),
        )

    def write_json_to_cloud_storage(
        self,
        path: str,
        connection_name: str | None = None,
        description: str | None = None,
        *,
        write_mode: WriteMode = "overwrite",
    ) -> WrittenFrame:
        """Write the rows as JSON lines; see ``flowfile.write_json_to_cloud_storage``."""
        from flowfile.cloud_storage import write_json_to_cloud_storage
        from flowfile.written_frame import WrittenFrame

        del description
        return WrittenFrame(self, write_json_to_cloud_storage(self, path, connection_name, write_mode=write_mode))

    def write_delta(
        self,
        path: str,
        connection_name: str | None = None,
        write_mode: WriteMode = "overwrite",
        partition_by: list[str] | None = None,
        merge_keys: list[str] | None = None,
        track_changes: bool = False,
        description: str | None = None,
    ) -> WrittenFrame:
        """Write the rows as one Delta table commit (Flowfile's parameters).

        ``write_mode`` ``upsert``, ``update`` or ``delete`` match rows by
        ``merge_keys``; see ``flowfile.delta.write_delta``.
        """
        from flowfile.delta import write_delta
        from flowfile.written_frame import WrittenFrame

        del description
        written = write_delta(self, path, connection_name, write_mode, partition_by, merge_keys, track_changes)
        return WrittenFrame(self, written)
