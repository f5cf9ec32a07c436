"""Column expressions: ``col("x") > 3``, ``col("y").is_null()`` combined with ``&``, and polars expressions.

A comparison of one column with a literal, and an AND of those, is a
``Predicate``: ``LazyFrame.filter`` pushes it down to the reader (Parquet
row groups whose statistics rule it out are never fetched). Everything else
a column offers (``col("x") * 2``, ``.alias("y")``, ``.sum()``,
``.str.to_uppercase()``, ``|`` and ``~`` of predicates) is a polars
expression, run in polars on the rows the reader returns; ``with_columns``
of ``col("a") + col("b")`` or ``col("a") * 2`` (``+ - * /``, aliased or
not) runs in the engine instead (see ``flowfile._computed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars

__all__ = ["Column", "Comparison", "Predicate", "col", "lit", "to_polars"]

Literal_ = bool | int | float | str
"""The literal types a column can be compared with."""

_SYMBOLS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}


@dataclass(frozen=True)
class Comparison:
    """``column <op> value``; ``op`` is eq, ne, lt, le, gt, ge, is_null or is_not_null."""

    column: str
    op: str
    value: Literal_ | None = None

    def __str__(self) -> str:
        if self.op in ("is_null", "is_not_null"):
            return f"col({self.column!r}).{self.op}()"
        return f"(col({self.column!r}) {_SYMBOLS[self.op]} {self.value!r})"

    def to_polars(self) -> polars.Expr:
        """The same comparison as a polars expression."""
        import polars as pl

        column = pl.col(self.column)
        if self.op in ("is_null", "is_not_null"):
            return getattr(column, self.op)()  # type: ignore[no-any-return]
        return getattr(column, f"__{self.op}__")(self.value)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Predicate:
    """Comparisons that must all hold. Combine with ``&``; ``|`` and ``~`` are not supported."""

    comparisons: tuple[Comparison, ...]

    def __and__(self, other: object) -> Any:
        if isinstance(other, Predicate):
            return Predicate(self.comparisons + other.comparisons)
        return self.to_polars() & to_polars(other)

    def __rand__(self, other: object) -> Any:
        return to_polars(other) & self.to_polars()

    def __or__(self, other: object) -> polars.Expr:
        """A polars expression: ``|`` is not pushed down, it filters in polars."""
        return self.to_polars() | to_polars(other)  # type: ignore[no-any-return]

    def __ror__(self, other: object) -> polars.Expr:
        return to_polars(other) | self.to_polars()  # type: ignore[no-any-return]

    def __invert__(self) -> polars.Expr:
        """A polars expression: ``~`` is not pushed down, it filters in polars."""
        return ~self.to_polars()

    def __bool__(self) -> bool:
        raise TypeError("a predicate has no truth value: combine predicates with &, not 'and'")

    def __str__(self) -> str:
        return " & ".join(str(comparison) for comparison in self.comparisons)

    def to_polars(self) -> polars.Expr:
        """The AND of the comparisons as a polars expression."""
        expression = self.comparisons[0].to_polars()
        for comparison in self.comparisons[1:]:
            expression = expression & comparison.to_polars()
        return expression

    def alias(self, name: str) -> polars.Expr:
        """The predicate as a boolean column named ``name`` (for ``with_columns``)."""
        return self.to_polars().alias(name)


class Column:
    """A column reference whose comparisons build predicates."""

    __slots__ = ("name",)
    __hash__ = None  # type: ignore[assignment]  # == builds a predicate, so columns are not hashable

    def __init__(self, name: str) -> None:
        self.name = name

    def _compare(self, op: str, value: object) -> Predicate:
        if value is None:
            raise TypeError("comparing with None: use is_null() or is_not_null()")
        if not isinstance(value, (bool, int, float, str)):
            raise TypeError(f"columns compare with bool, int, float or str, not {type(value).__name__}")
        return Predicate((Comparison(self.name, op, value),))

    def __eq__(self, value: object) -> Predicate:  # type: ignore[override]
        return self._compare("eq", value)

    def __ne__(self, value: object) -> Predicate:  # type: ignore[override]
        return self._compare("ne", value)

    def __lt__(self, value: Literal_) -> Predicate:
        return self._compare("lt", value)

    def __le__(self, value: Literal_) -> Predicate:
        return self._compare("le", value)

    def __gt__(self, value: Literal_) -> Predicate:
        return self._compare("gt", value)

    def __ge__(self, value: Literal_) -> Predicate:
        return self._compare("ge", value)

    def is_null(self) -> Predicate:
        """Rows where this column is null."""
        return Predicate((Comparison(self.name, "is_null"),))

    def is_not_null(self) -> Predicate:
        """Rows where this column is not null."""
        return Predicate((Comparison(self.name, "is_not_null"),))

    def __repr__(self) -> str:
        return f"col({self.name!r})"

    def to_polars(self) -> polars.Expr:
        """``polars.col(name)``."""
        import polars as pl

        return pl.col(self.name)

    def __getattr__(self, attribute: str) -> Any:
        # Everything else a polars column expression offers: .alias, .sum, .cast, .str, ...
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        return getattr(self.to_polars(), attribute)

    def _arithmetic(self, operator: str, other: object) -> polars.Expr:
        from flowfile._computed import computed_expr

        expr = getattr(self.to_polars(), operator)(to_polars(other))
        # + - * / of a column or a number: with_columns hands these to the engine.
        return computed_expr(expr, self.name, operator, other)

    def __add__(self, other: object) -> polars.Expr:
        return self._arithmetic("__add__", other)

    def __radd__(self, other: object) -> polars.Expr:
        return self._arithmetic("__radd__", other)

    def __sub__(self, other: object) -> polars.Expr:
        return self._arithmetic("__sub__", other)

    def __rsub__(self, other: object) -> polars.Expr:
        return self._arithmetic("__rsub__", other)

    def __mul__(self, other: object) -> polars.Expr:
        return self._arithmetic("__mul__", other)

    def __rmul__(self, other: object) -> polars.Expr:
        return self._arithmetic("__rmul__", other)

    def __truediv__(self, other: object) -> polars.Expr:
        return self._arithmetic("__truediv__", other)

    def __rtruediv__(self, other: object) -> polars.Expr:
        return self._arithmetic("__rtruediv__", other)

    def __floordiv__(self, other: object) -> polars.Expr:
        return self._arithmetic("__floordiv__", other)

    def __mod__(self, other: object) -> polars.Expr:
        return self._arithmetic("__mod__", other)

    def __neg__(self) -> polars.Expr:
        return -self.to_polars()


def col(name: str) -> Column:
    """Refer to a column by name: compare it for ``filter``, or use it as a polars expression."""
    return Column(name)


def lit(value: object) -> polars.Expr:
    """A literal value as a polars expression (``polars.lit``)."""
    import polars as pl

    return pl.lit(value)


def to_polars(value: object) -> Any:
    """``value`` with flowfile columns and predicates turned into polars expressions, in lists and dicts too."""
    if isinstance(value, (Column, Predicate)):
        return value.to_polars()
    if isinstance(value, (list, tuple)):
        return type(value)(to_polars(item) for item in value)
    if isinstance(value, dict):
        return {key: to_polars(item) for key, item in value.items()}
    return value
