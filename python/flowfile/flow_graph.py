"""Flow graphs: several frames recorded as one flow, as Flowfile's ``flow_graph=`` builds them.

In Flowfile every frame belongs to a ``FlowGraph``; its readers take
``flow_graph=`` so several frames build one graph, ``ff.create_flow_graph()``
makes an empty one, and ``frame.flow_graph`` is the graph a frame is in.
Here a frame is a plan the engine runs, and a ``FlowGraph`` records the
frames read into it (``flow_graph=g``, or a new graph per read without it),
every frame made from one, and every write of one. ``g.save_flow(name)``
saves them as one flow of the user's store: a Cloud Storage Reader per read,
its transform nodes, a Cloud Storage Writer per write, with frames made from
one frame forking from its nodes. The flow opens on the web UI's canvas,
``ff.list_flows()`` lists it, ``ff.run_flow(name)`` runs its writers and
``ff.open_flow_graph(name)`` opens it again. Saving needs the embedded
engine, as every saved flow does.
"""

from __future__ import annotations

import json
import random
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flowfile.errors import InvalidArgumentError

if TYPE_CHECKING:
    from flowfile.flows import SavedFlow
    from flowfile.frame import LazyFrame
    from flowfile.write_result import WriteResult

__all__ = ["FlowGraph", "FlowNode", "create_flow_graph", "open_flow_graph", "open_graph_in_editor"]

# Flowfile names a flow by its file's name without these endings.
_FLOW_FILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class FlowNode:
    """A node of a saved flow as the canvas shows it: its id ("n1"), kind ("reader", "filter", ...) and settings."""

    node_id: str
    node_type: str
    settings: dict[str, Any]


@dataclass
class _Path:
    """A frame at an end of the graph, and the write it ended in (with how to run that write again)."""

    frame: LazyFrame
    write: dict[str, Any] | None = None
    run: Callable[[], WriteResult] | None = None


def flow_name(flow_path: str) -> str:
    """The flow's name for Flowfile's ``flow_path``: "pipeline.yaml" or "flows/pipeline.json" name "pipeline"."""
    path = Path(flow_path)
    return path.stem if path.suffix.lower() in _FLOW_FILE_SUFFIXES else flow_path


class FlowGraph:
    """The frames of one flow: those read into it, those made from them, and their writes.

    ``flow_id`` and ``name`` (``Flow_<flow_id>`` by default) are Flowfile's;
    ``execution_location`` and ``execution_mode`` are accepted as Flowfile's
    and change nothing: the engine runs every frame in this process, or on
    the server in server mode. ``nodes`` and ``node_connections`` describe
    the flow as it was last saved or opened.
    """

    def __init__(self, flow_settings: Any = None, name: str | None = None) -> None:
        flow_id = getattr(flow_settings, "flow_id", None)
        self.flow_id: int = flow_id if isinstance(flow_id, int) else random.SystemRandom().randrange(1, 1 << 31)
        self.name: str = name or getattr(flow_settings, "name", None) or f"Flow_{self.flow_id}"
        self.execution_location: str = "local"
        self.execution_mode: str = "Development"
        self._paths: list[_Path] = []
        self._document: dict[str, Any] = {"nodes": [], "edges": []}
        self._opened = False  # opened from a saved flow: its document, no frames

    def __repr__(self) -> str:
        return f"<flowfile.FlowGraph {self.name!r}: {len(self._paths)} frame(s) at its ends>"

    def _record(self, frame: LazyFrame, made_from: LazyFrame | None) -> None:
        """``frame`` takes the place of ``made_from`` at an end of the graph, or starts a path of its own."""
        if self._opened:
            raise InvalidArgumentError(
                f"the graph {self.name!r} was opened from a saved flow and takes no new frames: "
                f"read with ff.open_flow({self.name!r}) or into a new graph (ff.create_flow_graph())",
                "flow_graph",
            )
        for index, path in enumerate(self._paths):
            if made_from is not None and path.frame is made_from and path.write is None:
                self._paths[index] = _Path(frame)
                return
        self._paths.append(_Path(frame))

    def _record_write(self, frame: LazyFrame, write: dict[str, Any], run: Callable[[], WriteResult]) -> None:
        """A write of ``frame``: a Writer node after it, which ``run_graph`` runs again."""
        for index, path in enumerate(self._paths):
            if path.frame is frame and path.write is None:
                self._paths[index] = _Path(frame, write, run)
                return
        self._paths.append(_Path(frame, write, run))

    def _branches(self) -> list[dict[str, Any]]:
        if not self._paths:
            raise InvalidArgumentError(
                "the graph has no frames: read into it first (ff.scan_parquet_from_cloud_storage(..., flow_graph=g))",
                "flow_graph",
            )
        return [{"spec": path.frame._flow_spec(), "write": path.write} for path in self._paths]

    def save_flow(self, flow_path: str) -> SavedFlow:
        """Save the graph as the flow named ``flow_path`` (Flowfile's file name: "pipeline.yaml" names "pipeline").

        The flow replaces one of that name, as Flowfile's file does, and is
        stored, not written to a file. Raises InvalidArgumentError when a
        frame holds steps a flow cannot (polars steps, Delta or Iceberg reads).
        """
        from flowfile import _native
        from flowfile.flows import _call, _saved

        name = flow_name(flow_path)
        if self._opened:
            raise InvalidArgumentError(
                f"the graph was opened from the saved flow {self.name!r}: rename it with ff.rename_flow", "flow_path"
            )
        branches = self._branches()
        saved = _saved(_call(lambda session: _native.save_branches_as_flow(session, name, branches, True)))
        self.name = name
        self._document = saved.document or self._document
        return saved

    def run_graph(self) -> list[WriteResult]:
        """Run every write of the graph again, in the order they were made; what each wrote.

        A graph opened from a saved flow runs that flow's writers (``ff.run_flow``).
        """
        if self._opened:
            from flowfile.flows import run_flow

            return run_flow(self.name)
        return [path.run() for path in self._paths if path.run is not None]

    @property
    def nodes(self) -> list[FlowNode]:
        """The flow's nodes as last saved or opened (empty before)."""
        return [FlowNode(node["id"], node["kind"], node["settings"]) for node in self._document["nodes"]]

    @property
    def node_connections(self) -> list[tuple[str, str]]:
        """(source, target) node ids of the flow's edges as last saved or opened."""
        return [(edge["source"], edge["target"]) for edge in self._document["edges"]]

    def get_node(self, node_id: str | None = None) -> FlowNode | None:
        """The node ``node_id`` (the last node when None), or None."""
        nodes = self.nodes
        if node_id is None:
            return nodes[-1] if nodes else None
        return next((node for node in nodes if node.node_id == node_id), None)


def create_flow_graph(flow_id: int | None = None) -> FlowGraph:
    """A new, empty graph (Flowfile's): ``flow_id`` or a new one, named ``Flow_<flow_id>``."""
    graph = FlowGraph()
    if flow_id is not None:
        graph.flow_id = flow_id
        graph.name = f"Flow_{flow_id}"
    return graph


def open_flow_graph(name: str) -> FlowGraph:
    """The saved flow ``name`` as a graph: its ``nodes``, ``node_connections``, and ``run_graph()`` runs it.

    It takes no new frames; ``ff.open_flow(name)`` gives the frame of a flow
    with one Reader. Raises FlowNotFoundError.
    """
    from flowfile.flows import get_flow

    saved = get_flow(name)
    graph = FlowGraph(name=saved.name)
    graph._document = saved.document or graph._document
    graph._opened = True
    return graph


def open_graph_in_editor(
    flow_graph: FlowGraph,
    storage_location: str | None = None,
    module_name: str = "flowfile",
    automatically_open_browser: bool = True,
) -> bool:
    """Save ``flow_graph`` where the web UI's canvas opens it; True once saved (Flowfile's call).

    The flow is named after ``storage_location`` (as ``save_flow``) or the
    graph. No server is started and no browser opened from Python here:
    ``flowfile serve`` shows the flow on its Flows page (a warning says so
    when ``automatically_open_browser``). ``module_name`` is accepted, unused.
    """
    del module_name
    saved = flow_graph.save_flow(storage_location or flow_graph.name)
    if automatically_open_browser:
        warnings.warn(
            f"the flow {saved.name!r} is saved; flowfile does not open a browser from Python: "
            "run `flowfile serve` and open it on the Flows page",
            UserWarning,
            stacklevel=2,
        )
    return True


def record_write(
    data: object,
    connection_name: str | None,
    path: str,
    file_format: str,
    options: dict[str, Any],
    run: Callable[[], WriteResult],
) -> None:
    """Records a write of a frame in its graph (anything else written is not in a graph)."""
    graph = getattr(data, "_graph", None)
    if graph is None:
        return
    write = {"connection": connection_name or "", "path": path, "format": file_format, "options": options}
    graph._record_write(data, json.loads(json.dumps(write)), run)


def read_into(frame: LazyFrame, flow_graph: FlowGraph | None) -> LazyFrame:
    """``frame``, a new read, recorded in ``flow_graph`` (None: a new graph of its own, as Flowfile makes)."""
    if flow_graph is not None and not isinstance(flow_graph, FlowGraph):
        raise InvalidArgumentError(
            f"flow_graph must be a flowfile FlowGraph (ff.create_flow_graph()), not {type(flow_graph).__name__}",
            "flow_graph",
        )
    graph = flow_graph if flow_graph is not None else FlowGraph()
    graph._record(frame, None)
    frame._graph = graph
    return frame
