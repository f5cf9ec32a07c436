"""What writing a frame returns (``ff.WrittenFrame``): the frame, as Flowfile's writers do, and the write's result."""

from __future__ import annotations

from flowfile.frame import LazyFrame, WriteResult

__all__ = ["WrittenFrame"]


class WrittenFrame(LazyFrame):
    """What writing a frame returns: that frame, to chain on as Flowfile's writers allow, and the write's result.

    ``rows``, ``bytes``, ``seconds``, ``path`` and ``version`` are those of
    ``result`` (a ``WriteResult``); collecting reads the frame's source again.
    """

    __slots__ = ("result",)

    def __init__(self, frame: LazyFrame, result: WriteResult) -> None:
        super().__init__(
            frame._plan, frame._connection_name, frame.description, frame._steps, frame._spec, frame._graph
        )
        self.result = result

    @property
    def rows(self) -> int:
        """Rows written."""
        return self.result.rows

    @property
    def bytes(self) -> int:
        """Bytes written."""
        return self.result.bytes

    @property
    def seconds(self) -> float:
        """Time the write took."""
        return self.result.seconds

    @property
    def path(self) -> str:
        """The object written (the part file when appending)."""
        return self.result.path

    @property
    def version(self) -> int | None:
        """Delta tables: the version committed."""
        return self.result.version

    def __repr__(self) -> str:
        return f"<flowfile.WrittenFrame {self.result!r}: {self.explain()}>"
