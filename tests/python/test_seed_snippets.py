"""Every Python snippet of seed/cloud-connections.md, copied as written.

The only adaptation: the data snippet's "data-lake" connection points at the
S3 emulator (endpoint_url, aws_allow_unsafe_html=True), created beforehand
together with the bucket and object the snippet reads.
"""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import emulator_connection


def test_code_approach_creates_s3_connection() -> None:
    # Create a new S3 connection
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            storage_type="s3",
            auth_method="access_key",
            aws_region="us-east-1",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key=SecretStr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        )
    )

    stored = ff.get_cloud_storage_connection("data-lake")
    assert (stored.storage_type, stored.auth_method, stored.aws_region) == ("s3", "access_key", "us-east-1")
    assert stored.secrets_set == ("aws_secret_access_key",)
    assert "wJalrXUtnFEMI" not in repr(stored)


def test_visual_editor_integration_creates_connection_from_name_alone() -> None:
    # Create connection in code
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            # ... parameters
        )
    )

    # This connection now appears in:
    # - Cloud Storage Reader node's connection dropdown
    # - Cloud Storage Writer node's connection dropdown
    # - Any other nodes that use cloud connections

    names = [c.connection_name for c in ff.get_all_available_cloud_storage_connections()]
    assert names == ["data-lake"]


def test_connection_types_s3_access_key_and_cli() -> None:
    access_key = ff.FullCloudStorageConnection(
        connection_name="my-s3",
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SecretStr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        endpoint_url="https://s3.amazonaws.com"  # Optional, for custom endpoints
    )

    cli = ff.FullCloudStorageConnection(
        connection_name="my-s3-cli",
        storage_type="s3",
        auth_method="aws_cli",  # Uses local AWS CLI credentials
        aws_region="us-east-1"
    )

    assert access_key.endpoint_url == "https://s3.amazonaws.com"
    assert isinstance(access_key.aws_secret_access_key, SecretStr)
    assert cli.auth_method == "aws-cli"


def test_create_if_not_exists_keeps_existing_connection() -> None:
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(connection_name="data-lake", storage_type="s3", aws_region="eu-west-1")
    )

    # Only creates if "data-lake" doesn't exist
    ff.create_cloud_storage_connection_if_not_exists(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            storage_type="s3",
            # ... other parameters
        )
    )

    assert ff.get_cloud_storage_connection("data-lake").aws_region == "eu-west-1"


def test_create_if_not_exists_creates_missing_connection() -> None:
    # Only creates if "data-lake" doesn't exist
    ff.create_cloud_storage_connection_if_not_exists(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            storage_type="s3",
            # ... other parameters
        )
    )

    assert ff.get_cloud_storage_connection("data-lake").auth_method == "aws-cli"


def test_list_all_connections_prints_public_fields(capsys: pytest.CaptureFixture[str]) -> None:
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(connection_name="data-lake", storage_type="s3", aws_region="us-east-1")
    )

    # Get all available connections for current user
    connections = ff.get_all_available_cloud_storage_connections()

    for conn in connections:
        print(f"Name: {conn.connection_name}")
        print(f"Type: {conn.storage_type}")
        print(f"Region: {conn.aws_region}")

    assert capsys.readouterr().out == "Name: data-lake\nType: s3\nRegion: us-east-1\n"


def test_delete_connection_removes_it() -> None:
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(connection_name="old-connection"))

    # Remove a connection by name
    ff.del_cloud_storage_connection("old-connection")

    assert ff.get_all_available_cloud_storage_connections() == []
    # Deleting it again is no error, as in Flowfile.
    ff.del_cloud_storage_connection("old-connection")
    assert ff.get_all_available_cloud_storage_connections() == []


def test_using_connections_reads_and_writes_parquet(s3_endpoint: str, s3_client: object, canary: str) -> None:
    s3_client.create_bucket(Bucket="bucket")  # type: ignore[attr-defined]
    table = pa.table({"id": [1, 2, 3], "name": ["a", "b", "c"]})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    s3_client.put_object(Bucket="bucket", Key="data.parquet", Body=buffer.getvalue())  # type: ignore[attr-defined]
    ff.create_cloud_storage_connection(emulator_connection("data-lake", s3_endpoint, canary))

    # Reading with connection
    df = ff.scan_parquet_from_cloud_storage(
        "s3://bucket/data.parquet",
        connection_name="data-lake"  # Use the connection name
    )

    # Writing with connection
    df.write_parquet_to_cloud_storage(
        "s3://bucket/output.parquet",
        connection_name="data-lake"
    )

    written = s3_client.get_object(Bucket="bucket", Key="output.parquet")["Body"].read()  # type: ignore[attr-defined]
    assert pq.read_table(io.BytesIO(written)).equals(table)


def test_debug_connection_prints_details(capsys: pytest.CaptureFixture[str]) -> None:
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="data-lake",
            storage_type="s3",
            auth_method="access_key",
            aws_region="us-east-1",
            aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
            aws_secret_access_key=SecretStr("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        )
    )

    # List all connections to verify
    conns = ff.get_all_available_cloud_storage_connections()
    print(f"Available connections: {[c.connection_name for c in conns]}")

    # Check specific connection details
    my_conn = next((c for c in conns if c.connection_name == "data-lake"), None)
    if my_conn:
        print(f"Storage type: {my_conn.storage_type}")
        print(f"Auth method: {my_conn.auth_method}")
        print(f"Region: {my_conn.aws_region}")

    assert capsys.readouterr().out == (
        "Available connections: ['data-lake']\nStorage type: s3\nAuth method: access_key\nRegion: us-east-1\n"
    )
