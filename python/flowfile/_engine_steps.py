"""Frames whose rows go through steps the engine runs after the read (embedded engine).

A frame's read takes projection, filters and a limit; ``sort``, ``rename``
and simple ``with_columns`` become steps the C++ engine runs on the rows
after it (``UserSession::ExportFrame``), and so do ``select``, ``filter``
and ``limit`` that come after one. The steps are kept in the frame's spec as
a saved flow's transform nodes hold them (``{kind, settings}``), so a frame
saves as a flow and opens from one unchanged. In server mode the same steps
are calls the server applies (``flowfile._remote_data.RemotePlan.step``).
"""

from __future__ import annotations

from typing import Any

from flowfile import _engine, _native
from flowfile._capsule import CapsuleStream

__all__ = ["StepsPlan", "with_step"]

FrameSpec = dict[str, Any]


def with_step(spec: FrameSpec, kind: str, settings: dict[str, object]) -> FrameSpec:
    """``spec`` with one more step after its others."""
    return {**spec, "steps": [*spec.get("steps", []), {"kind": kind, "settings": settings}]}


class StepsPlan:
    """A read plan and the engine steps after it; the methods of ``_native.LazyFrame``.

    ``select``, ``filter`` and ``limit`` add steps (they come after a step,
    so they cannot go into the read). The steps are checked by the engine's
    rules when added (a bad comparison raises then, as on a read plan);
    column names are checked when rows or columns are asked for.
    """

    __slots__ = ("_description", "_read", "_spec")

    def __init__(self, read: _native.LazyFrame, spec: FrameSpec) -> None:
        self._read = read
        self._spec = spec
        self._description = _native.describe_steps(spec.get("steps", []))

    def __repr__(self) -> str:
        return f"StepsPlan({self.describe()!r})"

    def step(self, kind: str, settings: dict[str, object]) -> StepsPlan:
        """The plan with the step ``kind`` (sort, rename, add_column, select, filter, limit) after its others."""
        return StepsPlan(self._read, with_step(self._spec, kind, settings))

    def select(self, columns: list[str]) -> StepsPlan:
        """The plan keeping ``columns``, in this order, after its steps."""
        return self.step("select", {"columns": list(columns)})

    def filter(self, column: str, op: str, value: bool | int | float | str | None) -> StepsPlan:
        """The plan keeping rows where ``column <op> value``, after its steps."""
        return self.step("filter", {"column": column, "op": op, "value": value})

    def limit(self, rows: int) -> StepsPlan:
        """The plan stopping after ``rows`` rows of its steps' output."""
        return self.step("limit", {"rows": rows})

    def describe(self) -> str:
        """The read in words, then the steps: "...; then in the engine: sort by a; limit 5"."""
        return f"{self._read.describe()}; then in the engine: {self._description}"

    def column_names(self) -> list[str]:
        """Column names after the steps; reads only metadata (no row: the plan limited to none)."""
        import pyarrow as pa

        capsule = self.limit(0).export_stream()
        return list(pa.RecordBatchReader.from_stream(CapsuleStream(capsule)).schema.names)

    def export_stream(self) -> object:
        """Runs the read and the steps in the engine: an 'arrow_array_stream' PyCapsule (a sort holds every row)."""
        return _native.export_frame(_engine.session(), self._spec)
