"""Frame methods the C++ engine runs after the read when it gives what polars gives: sort, rename, with_columns.

Each method here becomes an engine step of the frame (a flow's Sort, Rename
or Add column node) when no polars step came before it and the engine's
result equals polars' for the same call; otherwise it is the polars step of
``flowfile._polars_methods``, as before. Where they differ:

- ``sort``: the engine puts nulls last, so only ``nulls_last=True`` sorts
  go to it (polars' default, ``nulls_last=False``, puts them first); it puts
  NaN after every number whatever the order, polars puts NaN first when
  descending, so a descending sort on a float column stays in polars. The
  engine's sort is stable: ties keep their order, as polars'
  ``maintain_order=True`` (without it polars may order ties either way).
- ``with_columns``: only ``ff.col("a") <+ - * /> (ff.col("b") or a number)``,
  aliased or not, and only when the engine's column types equal polars'
  (checked on the schemas, no rows read): the engine divides in float64,
  polars keeps Float32 columns Float32.
- ``rename``: a mapping of names with ``strict=True`` (polars' default).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from flowfile._computed import ComputedColumn, computed_of
from flowfile._polars_methods import PolarsMethods, _step
from flowfile.errors import FlowfileError

if TYPE_CHECKING:
    import pyarrow

    from flowfile.frame import LazyFrame

__all__ = ["EngineMethods"]


def _sort_keys(by: Any, more_by: tuple[Any, ...], descending: Any, nulls_last: Any) -> list[dict[str, object]] | None:
    """The engine's sort keys for polars' arguments, or None when the engine would not sort the same way."""
    columns = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else [by]
    columns += list(more_by)
    if not columns or not all(isinstance(column, str) for column in columns):
        return None
    nulls = nulls_last if isinstance(nulls_last, (list, tuple)) else [nulls_last]
    if not all(flag is True for flag in nulls):
        return None
    orders = list(descending) if isinstance(descending, (list, tuple)) else [descending] * len(columns)
    if len(orders) != len(columns) or not all(isinstance(order, bool) for order in orders):
        return None
    return [{"column": column, "descending": order} for column, order in zip(columns, orders, strict=True)]


def _computed_columns(exprs: tuple[Any, ...], named_exprs: dict[str, Any]) -> list[ComputedColumn] | None:
    """The computed columns of a with_columns call, when each is one and, run in turn, they read what polars reads."""
    computed: list[ComputedColumn] = []
    for expr in exprs:
        column = computed_of(expr)
        if column is None:
            return None
        computed.append(column)
    for name, expr in named_exprs.items():
        column = computed_of(expr)
        if column is None:
            return None
        computed.append(replace(column, name=name))
    written: set[str] = set()
    for column in computed:
        # polars computes every expression from the columns before the call;
        # the engine's steps run in turn, so none may read what an earlier one wrote.
        if column.name in written or column.reads() & written:
            return None
        written.add(column.name)
    return computed or None


class EngineMethods(PolarsMethods):
    """sort, rename and with_columns as engine steps where they give polars' result, else in polars."""

    __slots__ = ()

    def _engine_step(self, kind: str, settings: dict[str, object], record: bool = True) -> LazyFrame | None:
        raise NotImplementedError

    def _made(self, frame: LazyFrame) -> LazyFrame:
        raise NotImplementedError

    def _can_step(self) -> bool:
        raise NotImplementedError

    def _engine_schema(self) -> pyarrow.Schema:
        raise NotImplementedError

    def sort(
        self,
        by: Any,
        *more_by: Any,
        descending: bool | list[bool] = False,
        nulls_last: bool | list[bool] = False,
        maintain_order: bool = False,
        description: str | None = None,
    ) -> LazyFrame:
        """Rows sorted by columns (in the engine with ``nulls_last=True``; see the module) or expressions (polars)."""
        keys = _sort_keys(by, more_by, descending, nulls_last)
        if keys is not None and self._sorts_as_polars(keys):
            frame = self._engine_step("sort", {"keys": keys})
            if frame is not None:
                return frame
        return super().sort(by, *more_by, descending=descending, nulls_last=nulls_last, maintain_order=maintain_order)

    def _sorts_as_polars(self, keys: list[dict[str, object]]) -> bool:
        """False when a descending key is a float column (NaN goes first in polars, last in the engine)."""
        if not any(key["descending"] for key in keys) or not self._can_step():
            return True
        import pyarrow as pa

        try:
            schema = self._engine_schema()
        except FlowfileError:
            return False
        for key in keys:
            index = schema.get_field_index(str(key["column"]))
            if key["descending"] and index >= 0 and pa.types.is_floating(schema.field(index).type):
                return False
        return True

    def rename(self, mapping: Any, *, strict: bool = True, description: str | None = None) -> LazyFrame:
        """Columns renamed by a mapping {old: new} (in the engine), or by a function (polars)."""
        del description
        names_only = isinstance(mapping, dict) and all(isinstance(n, str) for pair in mapping.items() for n in pair)
        if names_only and mapping and strict:
            names = [{"from": old, "to": new} for old, new in mapping.items()]
            frame = self._engine_step("rename", {"names": names})
            if frame is not None:
                return frame
        return self._then("rename", _step("rename", mapping, strict=strict))

    def with_columns(self, *exprs: Any, description: str | None = None, **named_exprs: Any) -> LazyFrame:
        """Add or replace columns: ``with_columns((ff.col("a") * 2).alias("b"))``; simple arithmetic in the engine."""
        computed = _computed_columns(exprs, named_exprs)
        if computed is not None:
            frame = self._computed_in_engine(computed, exprs, named_exprs)
            if frame is not None:
                return frame
        return super().with_columns(*exprs, **named_exprs)

    def _computed_in_engine(
        self, computed: list[ComputedColumn], exprs: tuple[Any, ...], named_exprs: dict[str, Any]
    ) -> LazyFrame | None:
        """The frame with an Add column step per column, when the engine's column types are polars'."""
        import polars as pl

        if not self._can_step():
            return None
        frame: EngineMethods | None = self
        try:
            before = self._engine_schema()
            for column in computed:
                step = column.settings()
                frame = frame._engine_step("add_column", step, record=False) if frame is not None else None
            if frame is None:
                return None
            after = pl.from_arrow(frame._engine_schema().empty_table()).schema  # type: ignore[union-attr]
            expected = pl.from_arrow(before.empty_table()).lazy().with_columns(*exprs, **named_exprs)  # type: ignore[union-attr]
            # Recorded in the graph only when kept: the frames before it are steps of one call.
            return self._made(cast("LazyFrame", frame)) if expected.collect_schema() == after else None
        except (FlowfileError, pl.exceptions.PolarsError, ValueError, TypeError):
            return None
