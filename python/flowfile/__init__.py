"""flowfile: encrypted cloud storage connections, and lazy frames that read and write through them.

>>> import flowfile as ff
>>> from pydantic import SecretStr
>>> ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(
...     connection_name="data-lake", storage_type="s3", auth_method="access_key",
...     aws_region="us-east-1", aws_access_key_id="AKIA...", aws_secret_access_key=SecretStr("...")))
>>> df = ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name="data-lake")
>>> df.write_parquet_to_cloud_storage("s3://bucket/output.parquet", connection_name="data-lake")

Connections are stored encrypted in FLOWFILE_HOME (default ~/.flowfile), the
same store the server and the CLI use; secrets never appear in reprs, logs or
errors.
"""

from __future__ import annotations

from pkgutil import extend_path

# In a development build the compiled flowfile._native sits in the build tree
# (<build>/python/flowfile), named next to these sources by a .pth file.
__path__ = extend_path(__path__, __name__)

try:
    from flowfile import _native  # noqa: F401  (fails early, with a hint, when the build is missing)
except ImportError as error:
    raise ImportError(
        "flowfile._native, the compiled engine, is missing: build it with scripts/build or install the flowfile wheel"
    ) from error

from flowfile.cloud_storage import (
    read_from_cloud_storage,
    scan_csv_from_cloud_storage,
    scan_json_from_cloud_storage,
    scan_parquet_from_cloud_storage,
    write_csv_to_cloud_storage,
    write_json_to_cloud_storage,
    write_parquet_to_cloud_storage,
    write_to_cloud_storage,
)
from flowfile.connections import (
    create_cloud_storage_connection,
    create_cloud_storage_connection_if_not_exists,
    del_cloud_storage_connection,
    get_all_available_cloud_storage_connections,
    get_cloud_storage_connection,
    rename_cloud_storage_connection,
    test_cloud_storage_connection,
    update_cloud_storage_connection,
)
from flowfile.delta import delta_history, scan_delta
from flowfile.errors import (
    AccessDeniedError,
    ConnectionExistsError,
    ConnectionNotFoundError,
    FlowfileError,
    InternalError,
    InvalidArgumentError,
    InvalidEndpointError,
    NotFoundError,
    PathNotFoundError,
    ServiceUnavailableError,
    SSLVerificationError,
    TamperedSecretError,
)
from flowfile.expressions import col, lit
from flowfile.flow_graph import FlowGraph, FlowNode, create_flow_graph, open_flow_graph, open_graph_in_editor
from flowfile.flows import (
    FlowNotFoundError,
    SavedFlow,
    delete_flow,
    get_flow,
    list_flows,
    open_flow,
    rename_flow,
    run_flow,
)
from flowfile.frame import LazyFrame, WriteResult
from flowfile.iceberg import scan_iceberg
from flowfile.migration import import_flowfile_db
from flowfile.models import (
    CloudStorageConnectionInfo,
    ConnectionTestResult,
    FullCloudStorageConnection,
    FullCloudStorageConnectionInterface,
)
from flowfile.output_fields import OutputFieldConfig, OutputFieldInfo
from flowfile.written_frame import WrittenFrame

__all__ = [
    "AccessDeniedError",
    "CloudStorageConnectionInfo",
    "ConnectionExistsError",
    "ConnectionNotFoundError",
    "ConnectionTestResult",
    "FlowGraph",
    "FlowNode",
    "FlowNotFoundError",
    "FlowfileError",
    "FullCloudStorageConnection",
    "FullCloudStorageConnectionInterface",
    "InternalError",
    "InvalidArgumentError",
    "InvalidEndpointError",
    "LazyFrame",
    "NotFoundError",
    "OutputFieldConfig",
    "OutputFieldInfo",
    "PathNotFoundError",
    "SSLVerificationError",
    "SavedFlow",
    "ServiceUnavailableError",
    "TamperedSecretError",
    "WriteResult",
    "WrittenFrame",
    "col",
    "create_cloud_storage_connection",
    "create_cloud_storage_connection_if_not_exists",
    "create_flow_graph",
    "del_cloud_storage_connection",
    "delete_flow",
    "delta_history",
    "get_all_available_cloud_storage_connections",
    "get_cloud_storage_connection",
    "get_flow",
    "import_flowfile_db",
    "list_flows",
    "lit",
    "open_flow",
    "open_flow_graph",
    "open_graph_in_editor",
    "read_from_cloud_storage",
    "rename_cloud_storage_connection",
    "rename_flow",
    "run_flow",
    "scan_csv_from_cloud_storage",
    "scan_delta",
    "scan_iceberg",
    "scan_json_from_cloud_storage",
    "scan_parquet_from_cloud_storage",
    "test_cloud_storage_connection",
    "update_cloud_storage_connection",
    "write_csv_to_cloud_storage",
    "write_json_to_cloud_storage",
    "write_parquet_to_cloud_storage",
    "write_to_cloud_storage",
]
