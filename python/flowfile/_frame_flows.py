"""A frame's part in saved flows: ``save_as_flow``, and the graph it is in (``flow_graph``, ``save_graph``).

What a flow can hold is the frame's spec (``_spec``): its read, the
transforms pushed into it and the engine's steps after it. Polars steps
have no node yet, so a frame holding them cannot be saved.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flowfile.errors import InvalidArgumentError

if TYPE_CHECKING:
    from flowfile._polars_methods import Step
    from flowfile.flow_graph import FlowGraph
    from flowfile.flows import SavedFlow

__all__ = ["FrameFlows"]

FrameSpec = dict[str, object]


class FrameFlows:
    """``save_as_flow``, ``flow_graph``, ``save_graph`` and ``to_graph`` of ``LazyFrame``."""

    __slots__ = ()
    _steps: tuple[Step, ...]
    _spec: FrameSpec | None
    _graph: FlowGraph | None

    def _flow_spec(self) -> FrameSpec:
        """The spec a flow saves; InvalidArgumentError naming what a flow cannot hold."""
        if self._steps:
            steps = ", ".join(step.name for step in self._steps)
            raise InvalidArgumentError(
                f"cannot save as a flow: {steps} runs in polars, which a flow cannot hold yet "
                "(a sort with nulls_last=True, rename and ff.col arithmetic run in the engine and can)",
                "name",
            )
        if self._spec is None:
            raise InvalidArgumentError("cannot save as a flow: this frame was not read by a flowfile reader", "name")
        return self._spec

    def save_as_flow(self, name: str, *, replace: bool = False) -> None:
        """Save this frame as a flow named ``name``: a Cloud Storage Reader, its transform nodes, then its steps.

        Engine steps become the flow's Sort, Rename, Add column (and Select,
        Filter, Limit) nodes, in order. The flow opens on the web UI's canvas
        and runs from ``flowfile flows run``. Only what the engine runs can
        be saved: a frame with polars steps (unique, count, a sort with nulls
        first, ...) raises InvalidArgumentError naming them.
        ``replace=True`` overwrites a flow of that name.
        """
        from flowfile.flows import save_frame_as_flow

        save_frame_as_flow(name, self._flow_spec(), replace=replace)

    @property
    def flow_graph(self) -> FlowGraph:
        """The graph this frame is in (Flowfile's): the one given to its reader's ``flow_graph=``, else its own."""
        if self._graph is None:  # a frame no reader made: a graph of its own
            from flowfile.flow_graph import read_into

            return read_into(self, None).flow_graph  # type: ignore[arg-type]
        return self._graph

    def to_graph(self) -> FlowGraph:
        """The graph this frame is in (``flow_graph``)."""
        return self.flow_graph

    def save_graph(self, file_path: str, auto_arrange: bool = True) -> SavedFlow:
        """Save this frame's graph as a flow (``flow_graph.save_flow(file_path)``); ``auto_arrange`` is unused."""
        del auto_arrange
        return self.flow_graph.save_flow(file_path)
