"""The routes of Flowfile's own server (flowfile_core 0.23.3) that its clients
call: /cloud_connections/... and /storage_browser/cloud, with its fields,
status codes and {"detail": ...} errors, against moto's S3.

Most tests are ported from Flowfile's tests (github
Edwardvaneechoud/Flowfile), each naming the upstream file and test; their
assertions are kept and only the fixtures change: MinIO's demo bucket becomes
a bucket made here on moto, and Flowfile's stubbed provider calls become real
listings of that bucket.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import CANARY
from flowfile_server import Client, Contract, Server

BROWSE_URL = "/storage_browser/cloud"
CONNECTION_NAME = "browse_minio_it"


def s3_client(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="moto",
    )


@pytest.fixture(scope="module")
def demo_bucket(s3_endpoint: str) -> str:
    """Flowfile's MinIO demo-bucket, in miniature: customers, hive-partitioned
    sales, a folder marker, raw data and a Delta table's log."""
    name = f"demo-bucket-{uuid.uuid4().hex[:8]}"
    s3 = s3_client(s3_endpoint)
    s3.create_bucket(Bucket=name)
    sink = io.BytesIO()
    pq.write_table(pa.table({"id": [1, 2], "name": ["a", "b"]}), sink)
    for key in (
        "data-lake/customers/customers.parquet",
        "data-lake/sales/year=2024/part-0.parquet",
        "data-lake/sales/year=2025/part-0.parquet",
        "data-lake/sales/summary.parquet",
        "delta-lake-table/part-0.parquet",
    ):
        s3.put_object(Bucket=name, Key=key, Body=sink.getvalue())
    s3.put_object(
        Bucket=name, Key="raw-data/", Body=b""
    )  # a console-made folder marker
    s3.put_object(Bucket=name, Key="raw-data/orders.csv", Body=b"id;amount\n1;2.5\n")
    s3.put_object(
        Bucket=name,
        Key="delta-lake-table/_delta_log/00000000000000000000.json",
        Body=b"{}\n",
    )
    return name


def minio_style_connection(
    name: str, endpoint: str, secret: str = CANARY
) -> dict[str, Any]:
    """What Flowfile's tests post: FullCloudStorageConnection.model_dump(),
    every field present, unset ones null (tests/utils.py get_cloud_connection)."""
    return {
        "storage_type": "s3",
        "auth_method": "access_key",
        "connection_name": name,
        "aws_region": "us-east-1",
        "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key": secret,
        "aws_role_arn": None,
        "aws_allow_unsafe_html": True,
        "aws_session_token": None,
        "azure_account_name": None,
        "azure_account_key": None,
        "azure_tenant_id": None,
        "azure_client_id": None,
        "azure_client_secret": None,
        "azure_sas_token": None,
        "gcs_service_account_key": None,
        "gcs_project_id": None,
        "endpoint_url": endpoint,
        "verify_ssl": True,
    }


@pytest.fixture(scope="module")
def client(embedded: Server, s3_endpoint: str) -> Client:
    client = embedded.client()
    created = client.post(
        "/cloud_connections/cloud_connection",
        json=minio_style_connection(CONNECTION_NAME, s3_endpoint),
    )
    assert created.status_code == 200, created.text
    return client


def browse(client: Client, path: str = "", **params: Any) -> dict[str, Any]:
    sent = {
        "connection_name": CONNECTION_NAME,
        "path": path,
        **{k: str(v) for k, v in params.items()},
    }
    response = client.get(BROWSE_URL, params=sent)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def names(body: dict[str, Any]) -> list[str]:
    return [entry["name"] for entry in body["entries"]]


# --- flowfile_core/tests/test_endpoints.py: the cloud connection routes ------


def test_create_cloud_storage_connection(embedded: Server, s3_endpoint: str) -> None:
    # Ports test_endpoints.py::test_create_cloud_storage_connection; the stored
    # connection is read back through the list instead of Flowfile's database.
    client = embedded.client()
    body = minio_style_connection("minio-test", s3_endpoint)
    response = client.post("/cloud_connections/cloud_connection", json=body)
    assert response.status_code == 200, "Connection not created"
    assert response.json() == {"message": "Cloud connection created successfully"}
    listed = {
        c["connection_name"]: c
        for c in client.get("/cloud_connections/cloud_connections").json()
    }
    created = listed.get("minio-test")
    assert created is not None, "Connection should be available in database"
    for field, value in body.items():
        if field in created:
            assert created[field] == value, field
    assert "aws_secret_access_key" not in created
    client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-test"}
    )


def test_create_cloud_storage_connection_allow_unsafe_html(
    embedded: Server, s3_endpoint: str
) -> None:
    # Ports test_endpoints.py::test_create_cloud_storage_connection_allow_unsafe_html.
    client = embedded.client()
    body = minio_style_connection("minio-unsafe", s3_endpoint)
    body["aws_allow_unsafe_html"] = True
    response = client.post("/cloud_connections/cloud_connection", json=body)
    assert response.status_code == 200, "Connection not created"
    cloud_connections_response = client.get("/cloud_connections/cloud_connections")
    assert cloud_connections_response.status_code == 200, "Connections not retrieved"
    cloud_connections = [
        c
        for c in cloud_connections_response.json()
        if c["connection_name"] == "minio-unsafe"
    ]
    assert len(cloud_connections) == 1, "Should be one connection available"
    assert cloud_connections[0]["aws_allow_unsafe_html"], (
        "Connection should have allow_unsafe_html set to True"
    )
    client.delete(
        "/cloud_connections/cloud_connection",
        params={"connection_name": "minio-unsafe"},
    )


def test_listed_connections_have_flowfiles_fields_with_null_for_unset(
    embedded: Server, s3_endpoint: str
) -> None:
    client = embedded.client()
    client.post(
        "/cloud_connections/cloud_connection",
        json=minio_style_connection("minio-nulls", s3_endpoint),
    )
    listed = [
        c
        for c in client.get("/cloud_connections/cloud_connections").json()
        if c["connection_name"] == "minio-nulls"
    ]
    assert listed[0]["aws_role_arn"] is None and listed[0]["azure_account_name"] is None
    assert listed[0]["id"] is None and listed[0]["aws_profile"] is None
    # A user sees only their own connections.
    assert listed[0]["access"] == {"is_owner": True, "access_level": "owner", "shared_by": None}
    client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-nulls"}
    )


def test_create_cloud_storage_connection_already_exists(
    embedded: Server, s3_endpoint: str
) -> None:
    # Ports test_endpoints.py::test_create_cloud_storage_connection_already_exists.
    client = embedded.client()
    body = minio_style_connection("minio-twice", s3_endpoint)
    response = client.post("/cloud_connections/cloud_connection", json=body)
    assert response.status_code == 200, "Connection not created"
    response = client.post("/cloud_connections/cloud_connection", json=body)
    assert response.status_code == 422, "Connection should not be created again"
    assert "already exists" in response.json()["detail"]
    client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-twice"}
    )


def test_a_bad_body_is_a_422_with_a_detail(embedded: Server) -> None:
    client = embedded.client()
    response = client.post(
        "/cloud_connections/cloud_connection", json={"connection_name": "x"}
    )
    assert response.status_code == 422
    assert "storage_type" in response.json()["detail"]
    response = client.post(
        "/cloud_connections/cloud_connection",
        data="not json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422 and isinstance(response.json()["detail"], str)


def test_delete_cloud_storage_connection(embedded: Server, s3_endpoint: str) -> None:
    # Ports test_endpoints.py::test_delete_cloud_storage_connection.
    client = embedded.client()
    client.post(
        "/cloud_connections/cloud_connection",
        json=minio_style_connection("minio-gone", s3_endpoint),
    )
    response = client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-gone"}
    )
    assert response.status_code == 200
    assert response.json() == {"message": "Cloud connection deleted successfully"}
    listed = [
        c["connection_name"]
        for c in client.get("/cloud_connections/cloud_connections").json()
    ]
    assert "minio-gone" not in listed
    again = client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-gone"}
    )
    assert again.status_code == 404 and isinstance(again.json()["detail"], str)


def test_update_keeps_the_secret_and_a_missing_name_is_404(
    embedded: Server, s3_endpoint: str
) -> None:
    client = embedded.client()
    client.post(
        "/cloud_connections/cloud_connection",
        json=minio_style_connection("minio-moved", s3_endpoint),
    )
    body = minio_style_connection("minio-moved", s3_endpoint)
    body["aws_secret_access_key"] = (
        None  # Flowfile's form leaves an unchanged secret out
    )
    body["aws_region"] = "eu-west-1"
    response = client.put("/cloud_connections/cloud_connection", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == {"message": "Cloud connection updated successfully"}
    stored = client.get("/api/connections/minio-moved").json()
    assert stored["aws_region"] == "eu-west-1" and stored["secrets_set"] == [
        "aws_secret_access_key"
    ]
    body["connection_name"] = "never-made"
    missing = client.put("/cloud_connections/cloud_connection", json=body)
    assert missing.status_code == 404 and isinstance(missing.json()["detail"], str)
    client.delete(
        "/cloud_connections/cloud_connection", params={"connection_name": "minio-moved"}
    )


def test_storage_connections_not_available_when_not_logged_in(accounts: Server) -> None:
    # Ports test_endpoints.py::test_storage_connections_not_available_when_not_logged_in.
    non_logged_in_client = accounts.client()
    assert (
        non_logged_in_client.delete("/cloud_connections/cloud_connection").status_code
        == 401
    )
    assert (
        non_logged_in_client.post("/cloud_connections/cloud_connection").status_code
        == 401
    )
    assert (
        non_logged_in_client.get("/cloud_connections/cloud_connections").status_code
        == 401
    )


@pytest.mark.parametrize(
    "path", ["/cloud_connections/other", "/storage_browser/other", "/storage_browser"]
)
def test_unknown_paths_under_flowfiles_prefixes_are_json_404s(
    embedded: Server, path: str
) -> None:
    for method in ("GET", "POST"):
        response = embedded.client().call(method, path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not Found"}


# --- flowfile_core/tests/test_storage_browser.py -----------------------------


def test_unknown_connection_is_not_found(client: Client) -> None:
    # Ports TestConnectionResolution::test_unknown_connection_is_not_found.
    response = client.get(BROWSE_URL, params={"connection_name": "does-not-exist"})
    assert response.status_code == 404
    assert response.json()["detail"]["error_code"] == "CONNECTION_NOT_FOUND"


def test_endpoint_requires_a_token(accounts: Server) -> None:
    # Ports TestAuthentication::test_endpoint_requires_a_token.
    assert accounts.client().get(BROWSE_URL).status_code == 401


def test_a_bad_path_is_rejected_before_reaching_a_provider(client: Client) -> None:
    # Ports TestErrorMapping::test_a_bad_path_is_rejected_before_reaching_a_provider.
    response = client.get(
        BROWSE_URL,
        params={"connection_name": CONNECTION_NAME, "path": "s3://bucket/../etc"},
    )
    assert response.status_code == 400
    assert response.json()["detail"]["error_code"] == "INVALID_PATH"


def test_secrets_never_appear_in_a_response(client: Client) -> None:
    # Ports TestErrorMapping::test_secrets_never_appear_in_a_response (the
    # bucket does not exist, so the provider genuinely fails).
    response = client.get(
        BROWSE_URL,
        params={"connection_name": CONNECTION_NAME, "path": "s3://bucket-xyz/data"},
    )
    assert CANARY not in response.text
    assert response.status_code == 404


def test_parent_path_walks_up_one_level(client: Client, demo_bucket: str) -> None:
    # Ports TestResponseShape::test_parent_path_walks_up_one_level.
    body = browse(client, f"s3://{demo_bucket}/data-lake/sales")
    assert body["parent_path"] == f"s3://{demo_bucket}/data-lake"
    assert body["is_root"] is False


def test_entries_are_shaped_like_file_info(client: Client, demo_bucket: str) -> None:
    # Ports TestResponseShape::test_entries_are_shaped_like_file_info.
    body = browse(client, f"s3://{demo_bucket}/data-lake/sales")
    directory = next(e for e in body["entries"] if e["is_directory"])
    obj = next(e for e in body["entries"] if not e["is_directory"])
    assert set(directory) >= {
        "name",
        "path",
        "is_directory",
        "size",
        "file_type",
        "last_modified",
        "created_date",
        "is_hidden",
        "exists",
    }
    assert (directory["name"], directory["path"], directory["is_directory"]) == (
        "year=2024",
        f"s3://{demo_bucket}/data-lake/sales/year=2024",
        True,
    )
    assert directory["size"] == 0
    assert directory["last_modified"] is None
    assert (obj["file_type"], obj["size"] > 0) == ("parquet", True)
    assert obj["created_date"] is None


# --- flowfile_core/tests/test_storage_browser_s3.py (MinIO there, moto here) --


def test_scheme_root_lists_buckets(client: Client, demo_bucket: str) -> None:
    # Ports TestBucketListing::test_scheme_root_lists_buckets.
    body = browse(client, "", page_size=1000)
    assert body["is_root"] is True
    assert body["parent_path"] is None
    assert demo_bucket in names(body)
    assert all(entry["is_directory"] for entry in body["entries"])
    assert all(entry["entry_kind"] == "container" for entry in body["entries"])


def test_bucket_uris_are_navigable(client: Client, demo_bucket: str) -> None:
    # Ports TestBucketListing::test_bucket_uris_are_navigable.
    body = browse(client, "", page_size=1000)
    demo = next(entry for entry in body["entries"] if entry["name"] == demo_bucket)
    assert demo["path"] == f"s3://{demo_bucket}"
    assert names(browse(client, demo["path"]))


def test_bucket_root_lists_top_level_prefixes(client: Client, demo_bucket: str) -> None:
    # Ports TestPrefixListing::test_bucket_root_lists_top_level_prefixes.
    body = browse(client, f"s3://{demo_bucket}")
    assert {"data-lake", "raw-data"} <= set(names(body))
    assert body["parent_path"] == "s3://"


def test_no_phantom_entries_from_directory_placeholders(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestPrefixListing::test_no_phantom_entries_from_directory_placeholders.
    for path in (f"s3://{demo_bucket}", f"s3://{demo_bucket}/raw-data"):
        body = browse(client, path)
        assert all(entry["name"] for entry in body["entries"])
        assert "" not in names(body)
    assert names(browse(client, f"s3://{demo_bucket}/raw-data")) == ["orders.csv"]


def test_objects_carry_size_and_modified_time(client: Client, demo_bucket: str) -> None:
    # Ports TestPrefixListing::test_objects_carry_size_and_modified_time.
    body = browse(client, f"s3://{demo_bucket}/data-lake/customers")
    parquet = next(
        entry for entry in body["entries"] if entry["name"] == "customers.parquet"
    )
    assert parquet["is_directory"] is False
    assert parquet["entry_kind"] == "object"
    assert parquet["file_type"] == "parquet"
    assert parquet["size"] > 0
    assert parquet["last_modified"] is not None
    assert (
        parquet["path"] == f"s3://{demo_bucket}/data-lake/customers/customers.parquet"
    )


def test_prefixes_report_no_size_or_timestamp(client: Client, demo_bucket: str) -> None:
    # Ports TestPrefixListing::test_prefixes_report_no_size_or_timestamp.
    body = browse(client, f"s3://{demo_bucket}")
    for entry in body["entries"]:
        if entry["is_directory"]:
            assert entry["size"] == 0
            assert entry["last_modified"] is None
            assert entry["created_date"] is None


def test_hive_partitions_are_listed_as_directories(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestPrefixListing::test_hive_partitions_are_listed_as_directories.
    body = browse(client, f"s3://{demo_bucket}/data-lake/sales", page_size=100)
    partitions = [name for name in names(body) if name.startswith("year=")]
    assert partitions
    assert all(
        entry["is_directory"]
        for entry in body["entries"]
        if entry["name"].startswith("year=")
    )


def test_trailing_slash_is_equivalent(client: Client, demo_bucket: str) -> None:
    # Ports TestPrefixListing::test_trailing_slash_is_equivalent.
    assert names(browse(client, f"s3://{demo_bucket}/data-lake/")) == names(
        browse(client, f"s3://{demo_bucket}/data-lake")
    )


def test_parent_path_walks_back_up(client: Client, demo_bucket: str) -> None:
    # Ports TestPrefixListing::test_parent_path_walks_back_up.
    body = browse(client, f"s3://{demo_bucket}/data-lake/customers")
    assert body["parent_path"] == f"s3://{demo_bucket}/data-lake"


def test_a_delta_table_directory_is_flagged(client: Client, demo_bucket: str) -> None:
    # Ports TestDeltaDetection::test_a_delta_table_directory_is_flagged.
    body = browse(client, f"s3://{demo_bucket}/delta-lake-table")
    assert body["current_is_delta_table"] is True


def test_an_ordinary_prefix_is_not_flagged(client: Client, demo_bucket: str) -> None:
    # Ports TestDeltaDetection::test_an_ordinary_prefix_is_not_flagged.
    assert (
        browse(client, f"s3://{demo_bucket}/data-lake")["current_is_delta_table"]
        is False
    )


def test_paging_covers_the_same_entries_as_one_big_page(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestPagination::test_paging_covers_the_same_entries_as_one_big_page.
    full = names(browse(client, f"s3://{demo_bucket}/data-lake/sales", page_size=1000))
    assert len(full) > 1
    collected: list[str] = []
    token, guard = None, 0
    while guard < 50:
        guard += 1
        body = browse(
            client,
            f"s3://{demo_bucket}/data-lake/sales",
            page_size=1,
            **({"page_token": token} if token else {}),
        )
        collected.extend(names(body))
        token = body["next_token"]
        if not token:
            break
        assert body["truncated"] is True
    assert sorted(collected) == sorted(full)


def test_last_page_reports_no_further_token(client: Client, demo_bucket: str) -> None:
    # Ports TestPagination::test_last_page_reports_no_further_token.
    body = browse(client, f"s3://{demo_bucket}/data-lake/customers", page_size=1000)
    assert body["truncated"] is False
    assert body["next_token"] is None


def test_a_token_from_another_listing_is_rejected(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestPagination::test_a_token_from_another_listing_is_rejected.
    response = client.get(
        BROWSE_URL,
        params={
            "connection_name": CONNECTION_NAME,
            "path": f"s3://{demo_bucket}",
            "page_token": "bogus-token",
        },
    )
    assert response.status_code == 400
    assert response.json()["detail"]["error_code"] == "INVALID_PATH"


def test_missing_bucket_is_not_found(client: Client) -> None:
    # Ports TestFailures::test_missing_bucket_is_not_found.
    response = client.get(
        BROWSE_URL,
        params={"connection_name": CONNECTION_NAME, "path": "s3://no-such-bucket-xyz"},
    )
    assert response.status_code == 404
    assert response.json()["detail"]["error_code"] == "PATH_NOT_FOUND"


def test_the_browser_never_emits_a_wildcard_or_trailing_slash(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestBrowseReadRoundTrip::test_the_browser_never_emits_a_wildcard_or_trailing_slash.
    for path in (
        "",
        f"s3://{demo_bucket}",
        f"s3://{demo_bucket}/data-lake",
        f"s3://{demo_bucket}/data-lake/customers",
    ):
        for entry in browse(client, path, page_size=1000)["entries"]:
            assert "*" not in entry["path"]
            assert not entry["path"].endswith("/")


def test_a_browsed_file_path_reads_as_a_single_file(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestBrowseReadRoundTrip::test_a_browsed_file_path_reads_as_a_single_file
    # (read through our preview route instead of Flowfile's FlowDataEngine).
    body = browse(client, f"s3://{demo_bucket}/data-lake/customers")
    parquet = next(
        entry for entry in body["entries"] if entry["name"] == "customers.parquet"
    )
    preview = client.post(
        "/api/data/preview",
        json={"connection": CONNECTION_NAME, "path": parquet["path"]},
    )
    assert preview.status_code == 200, preview.text
    assert preview.json()["columns"]


def test_a_browsed_prefix_reads_as_a_directory_scan(
    client: Client, demo_bucket: str
) -> None:
    # Ports TestBrowseReadRoundTrip::test_a_browsed_prefix_reads_as_a_directory_scan.
    body = browse(client, f"s3://{demo_bucket}/data-lake")
    customers = next(entry for entry in body["entries"] if entry["name"] == "customers")
    preview = client.post(
        "/api/data/preview",
        json={"connection": CONNECTION_NAME, "path": customers["path"]},
    )
    assert preview.status_code == 200, preview.text
    assert preview.json()["columns"]


# --- Without a connection: the local user's own credentials ------------------


@pytest.fixture(scope="module")
def local_credentials_server(contract: Contract, s3_endpoint: str) -> Iterator[Server]:
    """An embedded server whose own AWS configuration points at moto."""
    server = Server(
        contract,
        extra_env={
            "AWS_ENDPOINT_URL_S3": s3_endpoint,
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "moto",
            "AWS_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        },
    )
    yield server
    assert server.stop() == 0


def test_ambient_credentials_work_on_this_single_user_install(
    local_credentials_server: Server, demo_bucket: str
) -> None:
    # Ports TestConnectionResolution::test_ambient_credentials_work_on_this_single_user_install.
    response = local_credentials_server.client().get(
        BROWSE_URL, params={"page_size": "1000"}
    )
    assert response.status_code == 200, response.text
    assert demo_bucket in names(response.json())


def test_literal_none_connection_name_is_treated_as_unset(
    local_credentials_server: Server, demo_bucket: str
) -> None:
    # Ports TestConnectionResolution::test_literal_none_connection_name_is_treated_as_unset.
    response = local_credentials_server.client().get(
        BROWSE_URL, params={"connection_name": "None", "path": f"s3://{demo_bucket}"}
    )
    assert response.status_code == 200
    assert "data-lake" in names(response.json())


def test_ambient_credentials_are_refused_for_non_s3_storage(
    local_credentials_server: Server,
) -> None:
    # Ports TestConnectionResolution::test_ambient_credentials_are_refused_for_non_s3_storage.
    response = local_credentials_server.client().get(
        BROWSE_URL, params={"storage_type": "adls"}
    )
    assert response.status_code == 400
    assert response.json()["detail"]["error_code"] == "CONNECTION_REQUIRED"


def test_other_users_must_name_a_connection(accounts: Server) -> None:
    # Flowfile refuses the server's own credentials to users of a shared
    # server (tests/sharing/test_sharing_storage_browser.py); so do we.
    client = accounts.client()
    if (
        client.sign_in(
            "browse-admin", "a long enough passphrase", setup=True
        ).status_code
        != 201
    ):
        assert (
            client.sign_in("browse-admin", "a long enough passphrase").status_code
            == 200
        )
    response = client.get(BROWSE_URL)
    assert response.status_code == 400
    assert json.loads(response.text)["detail"]["error_code"] == "CONNECTION_REQUIRED"
