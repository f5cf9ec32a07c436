"""Type stubs of flowfile._native, the nanobind module under the flowfile package.

Use the flowfile package instead: it wraps these in typed models and frames.
"""

from typing import Any

LOCAL_USER_ID: int

class LazyFrame:
    """An immutable scan plan; rows are read only when exported."""

    def select(self, columns: list[str]) -> LazyFrame: ...
    def filter(self, column: str, op: str, value: bool | int | float | str | None) -> LazyFrame: ...
    def limit(self, rows: int) -> LazyFrame: ...
    def describe(self) -> str: ...
    def column_names(self) -> list[str]: ...
    def export_stream(self) -> object:
        """An 'arrow_array_stream' PyCapsule owning the running plan."""

class Session:
    """What one user can do with the engine; safe across threads."""

    @property
    def user(self) -> int: ...
    def create_connection(self, fields: dict[str, Any]) -> dict[str, Any]: ...
    def create_connection_if_not_exists(self, fields: dict[str, Any]) -> tuple[dict[str, Any], bool]: ...
    def get_connection(self, name: str) -> dict[str, Any]: ...
    def list_connections(self) -> list[dict[str, Any]]: ...
    def update_connection(self, name: str, fields: dict[str, Any]) -> dict[str, Any]: ...
    def rename_connection(self, old_name: str, new_name: str) -> dict[str, Any]: ...
    def delete_connection(self, name: str) -> None: ...
    def test_connection(self, name: str, path: str = "") -> dict[str, Any]: ...
    def browse(self, name: str, path: str = "", page_token: str = "", page_size: int = 1000) -> dict[str, Any]: ...
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
        include_change_preimage: bool = False,
        snapshot_id: int | None = None,
    ) -> LazyFrame: ...
    def delta_history(self, connection_name: str, path: str, limit: int = 0) -> list[dict[str, Any]]: ...
    def write(
        self,
        connection_name: str,
        path: str,
        format: str,
        stream: object,
        compression: str = "snappy",
        row_group_size: int = 1048576,
        write_mode: str = "overwrite",
        delimiter: str = ",",
        has_header: bool = True,
        quote: str = '"',
        encoding: str = "utf8",
        partition_by: list[str] = ...,
        merge_keys: list[str] = ...,
        track_changes: bool = False,
    ) -> dict[str, Any]: ...

def open_embedded(user: int = 1) -> Session:
    """Open the embedded engine in FLOWFILE_HOME (default ~/.flowfile) and return a session for `user`."""

def import_flowfile_db(
    session: Session,
    path: str,
    key_file: str | None = None,
    key_from_env: str | None = None,
    upstream_user: str = "",
) -> dict[str, Any]:
    """Import an upstream Flowfile database's cloud storage connections into the session's store."""

def default_auth_methods() -> dict[str, str]:
    """The auth method of each storage type when a connection names none."""

def choices() -> dict[str, list[str]]:
    """The names of each choice as the core's tables declare them."""

def validation_problem(fields: dict[str, Any]) -> tuple[str, str, dict[str, Any] | None] | None:
    """Check a connection as the engine will: (field, problem in words, remedy), or None when valid."""

# Saved flows (python/src/bind_flows.cpp): module functions taking the session.
def list_flows(session: Session) -> list[dict[str, Any]]: ...
def get_flow(session: Session, name: str) -> dict[str, Any]: ...
def rename_flow(session: Session, name: str, new_name: str) -> dict[str, Any]: ...
def delete_flow(session: Session, name: str) -> None: ...
def run_flow(session: Session, name: str) -> list[str]: ...
def wait_flow_run(session: Session, run_id: str) -> dict[str, Any]: ...
def save_frame_as_flow(
    session: Session, name: str, spec: dict[str, object], replace: bool = False
) -> dict[str, Any]: ...
def save_branches_as_flow(
    session: Session, name: str, branches: list[dict[str, Any]], replace: bool = False
) -> dict[str, Any]: ...
def flow_frame(session: Session, name: str) -> tuple[LazyFrame, dict[str, Any]]: ...
def export_frame(session: Session, spec: dict[str, object]) -> object:
    """Every row of a frame's spec (its read, then its engine steps) as an 'arrow_array_stream' PyCapsule."""

def describe_steps(steps: list[dict[str, Any]]) -> str:
    """A frame's engine steps in words, as explain() shows them."""
