"""Computed columns the engine can run: ``(ff.col("a") + ff.col("b")).alias("c")``, ``ff.col("a") * 2``.

``ff.col`` arithmetic (``+ - * /`` with another ``ff.col`` or a number)
gives a polars expression that also remembers its simple form, so that
``with_columns`` can hand it to the engine as an Add column step. The
expression is a real polars ``Expr``: anything polars accepts, it accepts,
and any further method but ``alias`` gives a plain polars expression (run
in polars).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import polars

__all__ = ["ComputedColumn", "computed_expr", "computed_of"]

# ff.col operators -> the engine's Add column operations (ComputeStep's names).
OPERATIONS = {"__add__": "add", "__sub__": "subtract", "__mul__": "multiply", "__truediv__": "divide"}


@dataclass(frozen=True)
class ComputedColumn:
    """``name = column <op> operand``; the operand a column name (``operand_is_column``) or a number."""

    name: str
    column: str
    op: str
    operand: str | int | float
    operand_is_column: bool

    def settings(self) -> dict[str, object]:
        """The settings of the engine's Add column step (as a flow's add_column node holds them)."""
        settings: dict[str, object] = {"name": self.name, "column": self.column, "op": self.op}
        if self.operand_is_column:
            return {**settings, "value": "", "operand_column": self.operand}
        return {**settings, "value": self.operand, "operand_column": ""}

    def reads(self) -> set[str]:
        """The columns it reads."""
        return {self.column, str(self.operand)} if self.operand_is_column else {self.column}


@cache
def _computed_type() -> type[polars.Expr]:
    class Computed(polars.Expr):
        """A polars expression that also knows it is ``column <op> operand`` (see ``computed_of``)."""

        _computed: ComputedColumn

        def alias(self, name: str) -> polars.Expr:
            return _wrap(super().alias(name), replace(self._computed, name=name))

    return Computed


def _wrap(expr: polars.Expr, computed: ComputedColumn) -> polars.Expr:
    wrapped: Any = _computed_type()._from_pyexpr(expr._pyexpr)
    wrapped._computed = computed
    return wrapped  # type: ignore[no-any-return]


def computed_expr(expr: polars.Expr, column: str, operator: str, operand: object) -> polars.Expr:
    """``expr`` (polars' ``col(column) <operator> operand``), marked with its simple form when it has one."""
    from flowfile.expressions import Column

    op = OPERATIONS.get(operator)
    if op is None:
        return expr
    if isinstance(operand, Column):
        # polars names the result after the left column, as the engine's step replaces it.
        return _wrap(expr, ComputedColumn(column, column, op, operand.name, True))
    if isinstance(operand, (int, float)) and not isinstance(operand, bool):
        return _wrap(expr, ComputedColumn(column, column, op, operand, False))
    return expr


def computed_of(value: object) -> ComputedColumn | None:
    """The simple form of ``value`` when it is an ``ff.col`` arithmetic expression (and its alias), else None."""
    return getattr(value, "_computed", None) if isinstance(value, polars.Expr) else None
