"""What a write did (``ff.WriteResult``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["WriteResult"]


@dataclass(frozen=True)
class WriteResult:
    """What a write did: rows and bytes written, time taken, and the object written.

    With ``write_mode="append"``, ``path`` is the new part file.
    """

    rows: int
    bytes: int
    seconds: float
    path: str
    version: int | None = None  # Delta tables: the version committed
