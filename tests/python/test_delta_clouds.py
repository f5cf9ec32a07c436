"""Delta Lake tables through Azure and GCS connections, on Azurite and fake-gcs-server.

On Azure the round trip of tests/python/test_delta.py (S3): we write, read
back, append, time travel, and deltalake (PyPI; object_store like our
library, but configured on its own) reads what we wrote and writes what we
read. fake-gcs-server does not serve the XML API that object_store speaks to
GCS (fsouza/fake-gcs-server#331: its uploads answer "invalid uploadType", for
deltalake as for us), so on GCS the test shows that the connection's key and
endpoint reach the table library (the emulator answers our request) and that
its refusal comes back typed and without the key. The connection's
credentials reach the table library as in-memory options only: the canary
planted in each connection never shows in an error.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import deltalake
import pyarrow as pa
import pyarrow.fs as pafs
import pytest
from pydantic import SecretStr

import flowfile as ff
from conftest import assert_exception_is_clean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from gcs_keys import service_account_json

AZURITE_ACCOUNT = "devstoreaccount1"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
TABLE = pa.table({"id": [1, 2, 3, 4], "city": ["Oslo", "Lima", "Pune", "Oslo"], "score": [1.5, 2.5, 3.5, 4.5]})


@dataclass
class Cloud:
    """One emulator: a connection to it, a fresh bucket, and how deltalake reaches it."""

    connection: str
    root: str  # the bucket's URI, ending in '/'
    deltalake_options: dict[str, str]
    canary: str


def endpoint(variable: str) -> str:
    value = os.environ.get(variable)
    if not value:
        pytest.fail(f"{variable} is not set: start the emulators with scripts/services/all start DIR")
    return value


def gcs_cloud() -> Cloud:
    url = endpoint("FLOWFILE_TEST_GCS_ENDPOINT")
    bucket = "delta-" + secrets.token_hex(6)
    pafs.GcsFileSystem(
        anonymous=True, endpoint_override=url.split("://")[1], scheme="http", project_id="flowfile-test"
    ).create_dir(bucket)
    canary = "CANARY" + secrets.token_hex(12)
    key = service_account_json(canary)
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="gcs-lake",
            storage_type="gcs",
            auth_method="service_account",
            gcs_project_id="flowfile-test",
            gcs_service_account_key=SecretStr(key),
            endpoint_url=url,
            verify_ssl=False,
        )
    )
    options = {"google_service_account_key": key, "google_base_url": url, "allow_http": "true"}
    return Cloud("gcs-lake", f"gs://{bucket}/", options, canary)


def azure_cloud() -> Cloud:
    url = endpoint("FLOWFILE_TEST_AZURE_ENDPOINT")
    container = "delta-" + secrets.token_hex(6)
    authority = url.split("://", 1)[1]
    pafs.AzureFileSystem(
        account_name=AZURITE_ACCOUNT,
        account_key=AZURITE_KEY,
        blob_storage_authority=authority,
        blob_storage_scheme="http",
        dfs_storage_authority=authority,
        dfs_storage_scheme="http",
    ).create_dir(container)
    ff.create_cloud_storage_connection(
        ff.FullCloudStorageConnection(
            connection_name="azure-lake",
            storage_type="adls",
            auth_method="access_key",
            azure_account_name=AZURITE_ACCOUNT,
            azure_account_key=SecretStr(AZURITE_KEY),
            endpoint_url=url,
            verify_ssl=False,
        )
    )
    options = {
        "azure_storage_account_name": AZURITE_ACCOUNT,
        "azure_storage_account_key": AZURITE_KEY,
        "azure_endpoint": f"{url}/{AZURITE_ACCOUNT}",
        "allow_http": "true",
    }
    return Cloud("azure-lake", f"abfs://{container}@{AZURITE_ACCOUNT}.dfs.core.windows.net/", options, AZURITE_KEY)


@pytest.fixture
def cloud() -> Iterator[Cloud]:
    yield azure_cloud()


def deltalake_uri(uri: str) -> str:
    """Deltalake names an Azure table az://container/path (the account is in its options)."""
    if uri.startswith("abfs://"):
        container, rest = uri[len("abfs://") :].split("@", 1)
        return f"az://{container}/{rest.split('/', 1)[1]}"
    return uri


def rows(table: Any) -> list[tuple[Any, ...]]:
    return sorted(tuple(row.values()) for row in pa.table(table).select(["id", "city", "score"]).to_pylist())


def test_a_table_round_trips_through_the_connection(cloud: Cloud) -> None:
    uri = cloud.root + "tables/cities"
    first = ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=cloud.connection)
    assert (first.rows, first.version) == (4, 0)
    appended = ff.write_to_cloud_storage(
        TABLE.slice(0, 1), uri, file_format="delta", connection_name=cloud.connection, write_mode="append"
    )
    assert appended.version == 1

    assert rows(ff.scan_delta(uri, connection_name=cloud.connection).to_arrow()) == rows(
        pa.concat_tables([TABLE, TABLE.slice(0, 1)])
    )
    assert rows(ff.scan_delta(uri, connection_name=cloud.connection, version=0).to_arrow()) == rows(TABLE)
    oslo = ff.scan_delta(uri, connection_name=cloud.connection).filter(ff.col("city") == "Oslo").select("id")
    assert sorted(oslo.to_arrow().column("id").to_pylist()) == [1, 1, 4]

    theirs = deltalake.DeltaTable(deltalake_uri(uri), storage_options=cloud.deltalake_options)
    assert theirs.version() == 1
    assert rows(theirs.to_pyarrow_table()) == rows(pa.concat_tables([TABLE, TABLE.slice(0, 1)]))


def test_a_partitioned_table_deltalake_writes_is_read_by_us(cloud: Cloud) -> None:
    uri = cloud.root + "theirs"
    target = deltalake_uri(uri)
    deltalake.write_deltalake(target, TABLE, partition_by=["city"], storage_options=cloud.deltalake_options)
    deltalake.write_deltalake(
        target, TABLE.slice(1, 1), mode="append", partition_by=["city"], storage_options=cloud.deltalake_options
    )
    ours = ff.scan_delta(uri, connection_name=cloud.connection)
    assert rows(ours.to_arrow()) == rows(pa.concat_tables([TABLE, TABLE.slice(1, 1)]))
    lima = ours.filter(ff.col("city") == "Lima").to_arrow()
    assert lima.column("id").to_pylist() == [2, 2]
    history = ff.delta_history(uri, connection_name=cloud.connection)
    assert [entry["version"] for entry in history] == [1, 0]
    assert history[0]["rows_added"] == 1


def test_errors_name_the_problem_and_hold_no_secret(cloud: Cloud) -> None:
    uri = cloud.root + "guarded"
    ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=cloud.connection)
    with pytest.raises(ff.InvalidArgumentError, match="schema") as mismatch:
        ff.write_to_cloud_storage(
            pa.table({"id": ["a"]}), uri, file_format="delta", connection_name=cloud.connection, write_mode="append"
        )
    with pytest.raises(ff.PathNotFoundError, match="not a Delta table") as missing:
        ff.scan_delta(cloud.root + "nothing-here", connection_name=cloud.connection)
    with pytest.raises(ff.InvalidArgumentError, match="version 3") as version:
        ff.scan_delta(uri, connection_name=cloud.connection, version=3)
    for error in (mismatch.value, missing.value, version.value):
        assert_exception_is_clean(error, cloud.canary)
    assert ff.delta_history(uri, connection_name=cloud.connection)[0]["version"] == 0


def test_gcs_gets_the_connections_key_and_endpoint_in_memory() -> None:
    cloud = gcs_cloud()
    uri = cloud.root + "tables/cities"
    with pytest.raises(ff.FlowfileError) as refused:
        ff.write_to_cloud_storage(TABLE, uri, file_format="delta", connection_name=cloud.connection)
    # The emulator's own answer to object_store's XML upload: our request reached it, signed with the key.
    assert "invalid uploadType" in str(refused.value)
    with pytest.raises(ff.FlowfileError) as unread:
        ff.delta_history(uri, connection_name=cloud.connection)
    for error in (refused.value, unread.value):
        assert_exception_is_clean(error, cloud.canary)
        assert "PRIVATE KEY" not in str(error)
