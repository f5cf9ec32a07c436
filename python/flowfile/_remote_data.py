"""Scans and writes through a flowfile server (server mode), as the user of an API token.

The server's data API (/api/data/plan, /api/data/describe, /api/data/scan,
/api/data/write) opens the connection on the server, so its secrets never
reach this process. ``RemoteDataSession`` and ``RemotePlan`` offer the calls
of ``_native.Session.scan/write`` and ``_native.LazyFrame``: a plan is the
scan's settings and the user's calls, which the server plans and
describes with the engine's own rules; rows travel as Arrow IPC streams
read and sent batch by batch, so memory stays bounded whatever the size of
the data.
"""

from __future__ import annotations

import http.client
import json
import math
import urllib.parse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from flowfile._capsule import CapsuleStream
from flowfile._http import ARROW_STREAM, ServerClient, connection_path
from flowfile.errors import InvalidArgumentError, ServiceUnavailableError

if TYPE_CHECKING:
    import pyarrow

__all__ = ["RemoteDataSession", "RemotePlan"]

# Rows travel as a stream whose gaps can be long (a big file before the
# first matching row, a large multipart upload before the answer).
_DATA_TIMEOUT_SECONDS = 600.0
# Upload batches are sliced to this many rows, so each chunk sent stays small.
_UPLOAD_BATCH_ROWS = 64 * 1024
_END_OF_STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"
_INT64_RANGE = range(-(1 << 63), 1 << 63)
_WRITE_OPTIONS = (
    "compression",
    "row_group_size",
    "write_mode",
    "delimiter",
    "has_header",
    "quote",
    "encoding",
    "partition_by",
    "merge_keys",
    "track_changes",
)


def _filter_value(value: object) -> bool | int | float | str | None:
    """``value`` as JSON carries it, refused with the native binding's exception where it cannot go."""
    if value is not None and not isinstance(value, (bool, int, float, str)):
        raise TypeError("filter values must be None, bool, int, float or str")
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT64_RANGE:
        raise TypeError(f"filter value {value} does not fit a 64-bit integer")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"filter value {value} cannot be sent to the flowfile server: use a finite number")
    return value


class RemotePlan:
    """An immutable scan plan run by the flowfile server; the same methods as ``_native.LazyFrame``.

    ``select``, ``filter``, ``limit`` and ``step`` (sort, rename,
    add_column) add a call that the server applies with the engine's own
    rules (after a step, select, filter and limit run after it too), and ask
    it for the plan's description at once: an invalid step raises the engine's error there, as natively, and
    a repr never waits on the network. ``column_names`` asks the server
    (once per plan); ``export_stream`` runs the plan there.
    """

    __slots__ = ("_answer", "_client", "_description", "_plan")

    def __init__(
        self,
        client: ServerClient,
        plan: dict[str, Any],
        description: str,
        answer: dict[str, Any] | None = None,
    ) -> None:
        self._client = client
        self._plan = plan
        self._description = description
        self._answer = answer

    def __repr__(self) -> str:
        return f"RemotePlan({self._client.base_url!r}, {self._plan!r})"

    def _then(self, step: dict[str, Any]) -> RemotePlan:
        plan = {**self._plan, "calls": [*self._plan["calls"], step]}
        answer = self._client.call("POST", "/api/data/describe", _json(plan))
        return RemotePlan(self._client, plan, str(answer["description"]))

    def select(self, columns: list[str]) -> RemotePlan:
        """The plan reading only ``columns``, in this order (replacing an earlier selection)."""
        return self._then({"select": [str(column) for column in columns]})

    def filter(self, column: str, op: str, value: bool | int | float | str | None) -> RemotePlan:
        """The plan keeping rows where ``column <op> value`` (ANDed with earlier filters)."""
        if not isinstance(column, str) or not isinstance(op, str):
            raise TypeError("filter columns and comparisons are named by str")
        return self._then({"filter": {"column": column, "op": op, "value": _filter_value(value)}})

    def limit(self, rows: int) -> RemotePlan:
        """The plan stopping after ``rows`` rows (never more than an earlier limit)."""
        if not isinstance(rows, int) or rows not in _INT64_RANGE:
            raise TypeError("limit takes a 64-bit int")
        return self._then({"limit": rows})

    def step(self, kind: str, settings: dict[str, Any]) -> RemotePlan:
        """The plan with a step the server's engine runs after the read: sort, rename or add_column.

        ``settings`` are those of a flow's node of that kind; select, filter
        and limit take their own calls, which the server runs after a step
        as steps too.
        """
        if kind == "select":
            return self.select(settings["columns"])
        if kind == "filter":
            return self.filter(settings["column"], settings["op"], settings["value"])
        if kind == "limit":
            return self.limit(settings["rows"])
        return self._then({kind: settings})

    def describe(self) -> str:
        """The plan in the engine's words, as the server gave them; never a secret."""
        return self._description

    def column_names(self) -> list[str]:
        """Column names after projection, from the server. Raises InvalidArgumentError for an unknown column."""
        if self._answer is None:
            self._answer = _check_plan(self._client, self._plan)
        return [str(name) for name in self._answer["columns"]]

    def export_stream(self) -> object:
        """Run the plan on the server; an 'arrow_array_stream' PyCapsule reading the answer batch by batch.

        The capsule owns the HTTP response until the consumer releases it.
        Errors found before the first row raise here; a stream the server
        ends early raises from the consumer's read, never as a short result.
        """
        import pyarrow as pa

        response = self._client.open("POST", "/api/data/scan", _json(self._plan), timeout=_DATA_TIMEOUT_SECONDS)
        body = _ScanBody(response, self._plan["path"])
        try:
            reader = pa.ipc.open_stream(body)
        except BaseException:
            body.close()
            raise
        return reader.__arrow_c_stream__()


class _ScanBody:
    """The body of a scan answer as a read-only file for pyarrow, raising when the stream ends early.

    A complete Arrow IPC stream ends with its end-of-stream marker, after
    which pyarrow reads no more; reaching the end of the body before it
    means the server stopped mid-stream.
    """

    def __init__(self, response: http.client.HTTPResponse, path: str) -> None:
        self._response = response
        self._path = path
        self._position = 0
        self._tail = b""

    @property
    def closed(self) -> bool:
        return self._response.closed

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._position

    def close(self) -> None:
        self._response.close()

    def _ended_early(self, reason: str) -> ServiceUnavailableError:
        return ServiceUnavailableError(
            f"The flowfile server stopped sending the rows of {self._path} before the end ({reason}): "
            "the scan failed on the server (its log names the cause) or the connection dropped."
        )

    def read(self, size: int = -1) -> bytes:
        try:
            data = self._response.read(None if size < 0 else size)
        except (http.client.HTTPException, OSError) as error:
            raise self._ended_early(type(error).__name__) from None
        if not data and size != 0 and self._tail != _END_OF_STREAM:
            raise self._ended_early("no end-of-stream marker")
        self._position += len(data)
        self._tail = (self._tail + data[-len(_END_OF_STREAM) :])[-len(_END_OF_STREAM) :]
        return data


class _ChunkSink:
    """A write-only file collecting what pyarrow's IPC writer produces until it is taken."""

    closed = False

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        """Everything written since the last take."""
        taken = b"".join(self._parts)
        self._parts.clear()
        return taken


class _IpcUpload:
    """The rows of ``reader`` as Arrow IPC stream chunks, produced one batch at a time while they are sent.

    ``source_error`` keeps what reading the source raised, so the caller
    re-raises it rather than the transport's view of the aborted upload.
    """

    def __init__(self, reader: pyarrow.RecordBatchReader) -> None:
        self._reader = reader
        self.source_error: BaseException | None = None

    def __iter__(self) -> Iterator[bytes]:
        import pyarrow as pa

        sink = _ChunkSink()
        writer = pa.ipc.new_stream(sink, self._reader.schema)
        yield sink.take()
        while True:
            try:
                batch = self._reader.read_next_batch()
            except StopIteration:
                break
            except BaseException as error:
                self.source_error = error
                raise
            for offset in range(0, batch.num_rows, _UPLOAD_BATCH_ROWS):
                writer.write_batch(batch.slice(offset, _UPLOAD_BATCH_ROWS))
                yield sink.take()
        writer.close()
        yield sink.take()


def _json(value: Any) -> bytes:
    return json.dumps(value, allow_nan=False).encode()


def _require_connection(connection_name: str) -> None:
    if not connection_name:
        raise InvalidArgumentError(
            "connection_name is required in server mode: the server reads with your stored connections, "
            "never with its host's own credentials",
            "connection_name",
        )


def _check_plan(client: ServerClient, plan: dict[str, Any]) -> dict[str, Any]:
    """Ask the server to open ``plan``: its ``columns`` and ``description``, or the exception of its error."""
    return client.call("POST", "/api/data/plan", _json(plan))  # type: ignore[no-any-return]


def _write_query(connection_name: str, path: str, file_format: str, options: dict[str, Any]) -> str:
    settings: dict[str, str] = {"connection": connection_name, "path": path, "format": file_format}
    for name, value in options.items():
        if name not in _WRITE_OPTIONS:
            raise TypeError(f"write() got an unexpected keyword argument {name!r}")
        if isinstance(value, list):
            if value:  # column lists travel comma-separated (the server's query form)
                settings[name] = ",".join(value)
            continue
        settings[name] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return urllib.parse.urlencode(settings)


class RemoteDataSession:
    """Scans and writes on the flowfile server, as the token's user; the same calls as ``_native.Session``."""

    def __init__(self, client: ServerClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"RemoteDataSession({self._client.base_url!r})"

    def scan(
        self,
        connection_name: str,
        path: str,
        format: str,
        delimiter: str = ",",
        has_header: bool = True,
        quote: str = '"',
        encoding: str = "utf8",
        hive_partitioning: bool = True,
        version: int | None = None,
        timestamp: str | None = None,
        changes_since: int | None = None,
        changes_since_timestamp: str | None = None,
        include_change_preimage: bool = False,
        snapshot_id: int | None = None,
    ) -> RemotePlan:
        """Plan a read of ``path`` through ``connection_name``, checked by the server now.

        Raises ConnectionNotFoundError for an unknown connection (or one of
        another user), PathNotFoundError when nothing is at ``path``.
        """
        _require_connection(connection_name)
        plan: dict[str, Any] = {
            "connection": connection_name,
            "path": path,
            "format": format,
            "hive_partitioning": hive_partitioning,
            "calls": [],
        }
        if format == "csv":
            plan["csv"] = {"delimiter": delimiter, "quote": quote, "has_header": has_header, "encoding": encoding}
        for name, value in (
            ("version", version),
            ("timestamp", timestamp),
            ("changes_since", changes_since),
            # The server's changes_since takes a version or an ISO time.
            ("changes_since", changes_since_timestamp),
            ("snapshot_id", snapshot_id),
        ):
            if value is not None:
                plan[name] = value
        if include_change_preimage:
            plan["include_change_preimage"] = True
        answer = _check_plan(self._client, plan)
        return RemotePlan(self._client, plan, str(answer["description"]), answer)

    def delta_history(self, connection_name: str, path: str, limit: int = 0) -> list[dict[str, Any]]:
        """The commits of the Delta table at ``path``, newest first, as the server lists them."""
        _require_connection(connection_name)
        body = {"connection": connection_name, "path": path, "limit": limit}
        return self._client.call("POST", "/api/data/delta-history", _json(body))["versions"]  # type: ignore[no-any-return]

    def write(
        self,
        connection_name: str,
        path: str,
        format: str,
        stream: object,
        **options: str | int | bool | list[str],
    ) -> dict[str, Any]:
        """Upload the rows of ``stream`` (an 'arrow_array_stream' PyCapsule) to ``path`` through ``connection_name``.

        ``options`` are those of ``_native.Session.write``. The connection is
        checked before any row is read; rows are sent as they are read.
        Returns rows, bytes, seconds and the path written. An error while
        reading ``stream`` is re-raised after the upload is aborted, which
        leaves nothing at ``path``.
        """
        import pyarrow as pa

        _require_connection(connection_name)
        query = _write_query(connection_name, path, format, options)
        self._client.call("GET", connection_path(connection_name))
        reader = pa.RecordBatchReader.from_stream(CapsuleStream(stream))
        upload = _IpcUpload(reader)
        try:
            with self._client.open(
                "POST", "/api/data/write?" + query, upload, ARROW_STREAM, timeout=_DATA_TIMEOUT_SECONDS
            ) as response:
                answer = response.read()
        except BaseException:
            if upload.source_error is not None:
                raise upload.source_error from None
            raise
        finally:
            reader.close()
        return json.loads(answer)  # type: ignore[no-any-return]
