"""Saved flows: the flows of the web UI's canvas, kept per user in the same store as connections.

``ff.list_flows()`` lists them, ``ff.open_flow(name)`` returns the frame the
flow's Cloud Storage Reader reads (with its Select, Filter and Limit nodes,
and its Sort, Rename and Add column nodes as engine steps),
``frame.save_as_flow(name)`` saves a frame so it opens on the canvas, and
``ff.run_flow(name)`` runs every Cloud Storage Writer of a flow. Upstream
Flowfile saves flows as files (``open_graph_in_editor``); here they are
named entries of the user's store, which the CLI (``flowfile flows ...``)
and the web UI share. Embedded engine only: in server mode (FLOWFILE_API_URL
set) these raise InvalidArgumentError.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from flowfile import _engine, _native
from flowfile._engine_steps import StepsPlan
from flowfile.errors import InvalidArgumentError, NotFoundError
from flowfile.flow_graph import read_into
from flowfile.frame import FrameSpec, LazyFrame, WriteResult

__all__ = [
    "FlowNotFoundError",
    "SavedFlow",
    "delete_flow",
    "frame_spec",
    "get_flow",
    "list_flows",
    "open_flow",
    "rename_flow",
    "run_flow",
    "save_frame_as_flow",
]

T = TypeVar("T")


class FlowNotFoundError(NotFoundError):
    """No saved flow of that name (or it belongs to another user)."""


@dataclass(frozen=True)
class SavedFlow:
    """A saved flow: its name, times (unix milliseconds) and, from ``get_flow``, its nodes and edges."""

    name: str
    created_at: int
    updated_at: int
    document: dict[str, Any] | None = None


def frame_spec(connection_name: str | None, path: str, file_format: str, options: Mapping[str, object]) -> FrameSpec:
    """A reader's settings as a saved flow keeps them (no transforms yet; ``steps``: see ``_engine_steps``)."""
    return {
        "connection": connection_name or "",
        "path": path,
        "format": file_format,
        "delimiter": options.get("delimiter", ","),
        "has_header": options.get("has_header", True),
        "quote": options.get("quote", '"'),
        "encoding": options.get("encoding", "utf8"),
        "hive_partitioning": options.get("hive_partitioning", True),
        "columns": None,
        "filters": [],
        "limit": None,
        "steps": [],
    }


@contextmanager
def _flow_errors() -> Iterator[None]:
    """A missing flow (field ``name``) raised as FlowNotFoundError, not as a missing connection."""
    try:
        yield
    except NotFoundError as error:
        if error.field == "name":
            raise FlowNotFoundError(error.message, error.field) from None
        raise


def _call(action: Callable[[_native.Session], T]) -> T:
    if _engine.server_settings() is not None:
        raise InvalidArgumentError(
            "saved flows are reached through the embedded engine: unset FLOWFILE_API_URL", "name"
        )
    with _flow_errors():
        return action(_engine.session())


def _saved(fields: dict[str, Any]) -> SavedFlow:
    document = fields.get("document")
    return SavedFlow(
        fields["name"], fields["created_at"], fields["updated_at"], json.loads(document) if document else None
    )


def list_flows() -> list[SavedFlow]:
    """The user's saved flows, by name (without their nodes)."""
    return [_saved(fields) for fields in _call(_native.list_flows)]


def get_flow(name: str) -> SavedFlow:
    """One saved flow with its nodes and edges. Raises FlowNotFoundError."""
    return _saved(_call(lambda session: _native.get_flow(session, name)))


def open_flow(name: str) -> LazyFrame:
    """The frame a saved flow's Cloud Storage Reader reads, with the transform nodes after it.

    Select, Filter and Limit nodes go into the read; a Sort, Rename or Add
    column node and every node after it are engine steps of the frame, as
    ``frame.sort(...)`` and the others make them. Raises FlowNotFoundError,
    or InvalidArgumentError when the flow has no Reader or several.
    """
    read, spec = _call(lambda session: _native.flow_frame(session, name))
    plan: _engine.Plan = StepsPlan(read, spec) if spec["steps"] else read
    return read_into(LazyFrame(plan, spec["connection"] or None, spec=spec), None)


def save_frame_as_flow(name: str, spec: FrameSpec, *, replace: bool = False) -> SavedFlow:
    """Save a frame's reader and pushed-down transforms as a flow (``LazyFrame.save_as_flow`` calls this)."""
    return _saved(_call(lambda session: _native.save_frame_as_flow(session, name, spec, replace)))


def rename_flow(name: str, new_name: str) -> SavedFlow:
    """Rename a saved flow. Raises FlowNotFoundError, or a ValueError (code ``already_exists``) for a taken name."""
    return _saved(_call(lambda session: _native.rename_flow(session, name, new_name)))


def delete_flow(name: str) -> None:
    """Delete a saved flow. Raises FlowNotFoundError."""
    _call(lambda session: _native.delete_flow(session, name))


def run_flow(name: str) -> list[WriteResult]:
    """Run every Cloud Storage Writer of a saved flow, each to its end; what each wrote, in node order."""

    def run(session: _native.Session) -> list[WriteResult]:
        ids = _native.run_flow(session, name)
        return [WriteResult(**_native.wait_flow_run(session, run_id)) for run_id in ids]

    return _call(run)
