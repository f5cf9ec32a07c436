"""The frame methods that run in polars, on the rows the C++ engine returns.

The engine pushes down projection, filters and a limit, and runs sorts,
renames and simple computed columns where it gives polars' result
(``flowfile._engine_methods``, which falls back to the methods here);
distinct rows, other expressions, aggregations and joins are polars' work. Each method
here adds a step to the frame's plan; nothing runs until the frame is
collected. Like Flowfile's FlowFrame, a frame also offers polars
LazyFrame's other transforms (``drop``, ``tail``, ``reverse``,
``with_row_index``, ``fill_null``, ...) under their polars names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flowfile.expressions import to_polars

if TYPE_CHECKING:
    import polars

    from flowfile.frame import LazyFrame

__all__ = ["GroupBy", "PolarsMethods", "Step"]

# polars LazyFrame methods that only describe a transform and return a frame
# (those FlowFrame forwards too); each becomes a polars step of the frame.
_TRANSFORMS = frozenset(
    {
        "bottom_k", "cast", "drop", "drop_nans", "drop_nulls", "explode", "fill_nan", "fill_null", "first",
        "gather_every", "interpolate", "join", "join_asof", "last", "max", "mean", "median", "min", "null_count",
        "quantile", "reverse", "shift", "slice", "std", "sum", "tail", "top_k", "unnest", "unpivot",
        "var", "with_row_index",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One polars transform of a frame's rows: its name (for ``explain``) and what it does."""

    name: str
    run: Callable[[polars.LazyFrame], polars.LazyFrame]


def _as_polars(value: Any) -> Any:
    """Arguments for polars: flowfile expressions become polars ones, flowfile frames polars LazyFrames."""
    from flowfile.frame import LazyFrame

    if isinstance(value, LazyFrame):
        return value.lazy()
    if isinstance(value, (list, tuple)):
        return type(value)(_as_polars(item) for item in value)
    if isinstance(value, dict):
        return {key: _as_polars(item) for key, item in value.items()}
    return to_polars(value)


def _step(name: str, *args: Any, **kwargs: Any) -> Callable[[polars.LazyFrame], polars.LazyFrame]:
    """A step calling polars LazyFrame.<name>; arguments are converted when it runs (a joined frame is read then)."""

    def run(frame: polars.LazyFrame) -> polars.LazyFrame:
        return getattr(frame, name)(*_as_polars(args), **_as_polars(kwargs))  # type: ignore[no-any-return]

    return run


class PolarsMethods:
    """Frame methods run in polars. ``description`` is accepted as Flowfile's methods take it, and not stored."""

    __slots__ = ()

    def _then(self, name: str, run: Callable[[polars.LazyFrame], polars.LazyFrame]) -> LazyFrame:
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
        """Rows sorted by columns or expressions (polars ``sort``; runs in polars)."""
        del description
        return self._then(
            "sort",
            _step("sort", by, *more_by, descending=descending, nulls_last=nulls_last, maintain_order=maintain_order),
        )

    def unique(
        self,
        subset: Any = None,
        *,
        keep: str = "any",
        maintain_order: bool = False,
        description: str | None = None,
    ) -> LazyFrame:
        """Distinct rows, or rows distinct on ``subset`` (polars ``unique``; runs in polars)."""
        del description
        return self._then("unique", _step("unique", subset, keep=keep, maintain_order=maintain_order))

    def with_columns(self, *exprs: Any, description: str | None = None, **named_exprs: Any) -> LazyFrame:
        """Add or replace columns: ``with_columns((ff.col("a") * 2).alias("b"), c=ff.lit(1))`` (runs in polars)."""
        del description
        return self._then("with_columns", _step("with_columns", *exprs, **named_exprs))

    def count(self) -> LazyFrame:
        """One row holding each column's number of non-null values, as polars and Flowfile (runs in polars)."""
        return self._then("count", _step("count"))

    def group_by(
        self, *by: Any, maintain_order: bool = False, description: str | None = None, **named_by: Any
    ) -> GroupBy:
        """Group rows for ``.agg(...)`` (polars ``group_by``; runs in polars)."""
        del description
        return GroupBy(self, by, named_by, maintain_order)

    def __getattr__(self, name: str) -> Callable[..., LazyFrame]:
        if name not in _TRANSFORMS:
            raise AttributeError(
                f"flowfile.LazyFrame has no attribute {name!r}: for other polars operations, "
                "call .collect() (a polars DataFrame) or .lazy() first"
            )

        def transform(*args: Any, description: str | None = None, **kwargs: Any) -> LazyFrame:
            del description
            return self._then(name, _step(name, *args, **kwargs))

        transform.__name__ = name
        transform.__doc__ = f"polars LazyFrame.{name}, run in polars on the rows the reader returns."
        return transform


class GroupBy:
    """Rows of a frame grouped for ``agg``; see ``LazyFrame.group_by``."""

    __slots__ = ("_by", "_frame", "_maintain_order", "_named_by")

    def __init__(
        self, frame: PolarsMethods, by: tuple[Any, ...], named_by: dict[str, Any], maintain_order: bool
    ) -> None:
        self._frame = frame
        self._by = by
        self._named_by = named_by
        self._maintain_order = maintain_order

    def agg(self, *aggs: Any, **named_aggs: Any) -> LazyFrame:
        """One row per group: ``agg(ff.col("x").sum().alias("total"))`` (runs in polars)."""
        by, named_by, maintain_order = self._by, self._named_by, self._maintain_order

        def run(frame: polars.LazyFrame) -> polars.LazyFrame:
            grouped = frame.group_by(*_as_polars(by), maintain_order=maintain_order, **_as_polars(named_by))
            return grouped.agg(*_as_polars(aggs), **_as_polars(named_aggs))

        return self._frame._then("group_by.agg", run)
