"""Column predicates for ``LazyFrame.filter``: ``col("x") > 3``, ``col("y").is_null()``, combined with ``&``.

Predicates are pushed down to the reader (Parquet row groups whose
statistics rule them out are never fetched), so only comparisons of one
column with a literal exist, and only AND combines them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Column", "Comparison", "Predicate", "col"]

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


@dataclass(frozen=True)
class Predicate:
    """Comparisons that must all hold. Combine with ``&``; ``|`` and ``~`` are not supported."""

    comparisons: tuple[Comparison, ...]

    def __and__(self, other: Predicate) -> Predicate:
        if not isinstance(other, Predicate):
            return NotImplemented
        return Predicate(self.comparisons + other.comparisons)

    def __or__(self, other: object) -> Predicate:
        raise TypeError("filters are pushed down to the reader and combine with & only")

    def __invert__(self) -> Predicate:
        raise TypeError("filters cannot be negated: compare with the opposite operator or use is_not_null()")

    def __bool__(self) -> bool:
        raise TypeError("a predicate has no truth value: combine predicates with &, not 'and'")

    def __str__(self) -> str:
        return " & ".join(str(comparison) for comparison in self.comparisons)


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


def col(name: str) -> Column:
    """Refer to a column by name, for ``LazyFrame.filter``."""
    return Column(name)
