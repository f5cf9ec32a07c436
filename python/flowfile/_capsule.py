"""An exported Arrow C stream ('arrow_array_stream' PyCapsule), handed to readers that take ``__arrow_c_stream__``."""

from __future__ import annotations

__all__ = ["CapsuleStream"]


class CapsuleStream:
    """Hands one PyCapsule to pyarrow or polars, which read streams from ``__arrow_c_stream__``."""

    __slots__ = ("_capsule",)

    def __init__(self, capsule: object) -> None:
        self._capsule = capsule

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The capsule; ``requested_schema`` is ignored, as the protocol allows."""
        return self._capsule
