"""Managing connections from Python: the store's behaviour and the engine's errors as exceptions."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

import flowfile as ff
from flowfile.errors import error_from_code


def access_key_connection(name: str, secret: str = "secret-value") -> ff.FullCloudStorageConnection:
    return ff.FullCloudStorageConnection(
        connection_name=name,
        storage_type="s3",
        auth_method="access_key",
        aws_region="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key=SecretStr(secret),
    )


def test_create_returns_public_view() -> None:
    info = ff.create_cloud_storage_connection(access_key_connection("lake"))
    assert info.connection_name == "lake"
    assert info.aws_access_key_id == "AKIAIOSFODNN7EXAMPLE"
    assert info.secrets_set == ("aws_secret_access_key",)
    assert info.endpoint_url is None
    assert info.created_at is not None
    assert not hasattr(info, "aws_secret_access_key")


def test_create_twice_raises_connection_exists() -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    with pytest.raises(ff.ConnectionExistsError) as raised:
        ff.create_cloud_storage_connection(access_key_connection("lake"))
    assert "lake" in str(raised.value)
    assert raised.value.code == "already_exists"


def test_missing_connection_raises_not_found_with_seed_message() -> None:
    with pytest.raises(ff.ConnectionNotFoundError, match="Connection not found"):
        ff.get_cloud_storage_connection("nope")
    with pytest.raises(ff.ConnectionNotFoundError):
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name="nope").collect()


def test_list_is_sorted_by_name() -> None:
    for name in ("b", "c", "a"):
        ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(connection_name=name))
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["a", "b", "c"]


def test_list_holds_every_public_field_and_no_secret_value() -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake", "do-not-show"))
    (info,) = ff.get_all_available_cloud_storage_connections()
    dumped = info.model_dump()
    assert dumped["aws_region"] == "us-east-1"
    assert dumped["verify_ssl"] is True
    assert "do-not-show" not in repr(dumped)


def test_rename_keeps_secrets_and_frees_old_name() -> None:
    ff.create_cloud_storage_connection(access_key_connection("old"))
    renamed = ff.rename_cloud_storage_connection("old", "new")
    assert renamed.connection_name == "new"
    assert renamed.secrets_set == ("aws_secret_access_key",)
    with pytest.raises(ff.ConnectionNotFoundError):
        ff.get_cloud_storage_connection("old")


def test_update_replaces_public_fields() -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    changed = access_key_connection("lake").model_copy(update={"aws_region": "eu-west-1"})
    updated = ff.update_cloud_storage_connection(changed)
    assert updated.aws_region == "eu-west-1"
    assert ff.get_cloud_storage_connection("lake").aws_region == "eu-west-1"


def test_connections_persist_across_engine_reopen() -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    ff._engine.close()
    assert ff.get_cloud_storage_connection("lake").secrets_set == ("aws_secret_access_key",)


def test_store_lives_in_flowfile_home(flowfile_home: object) -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    assert (flowfile_home / "flowfile.db").is_file()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("code", "cls"),
    [
        ("not_found", ff.ConnectionNotFoundError),
        ("path_not_found", ff.PathNotFoundError),
        ("already_exists", ff.ConnectionExistsError),
        ("invalid_argument", ff.InvalidArgumentError),
        ("access_denied", ff.AccessDeniedError),
        ("invalid_endpoint", ff.InvalidEndpointError),
        ("tls_verification_failed", ff.SSLVerificationError),
        ("tampered", ff.TamperedSecretError),
        ("unavailable", ff.ServiceUnavailableError),
        ("internal", ff.InternalError),
        ("a_code_from_a_newer_server", ff.InternalError),
    ],
)
def test_every_error_code_has_a_flowfile_error_class(code: str, cls: type[ff.FlowfileError]) -> None:
    error = error_from_code(code, "message")
    assert type(error) is cls
    assert isinstance(error, ff.FlowfileError)
    assert str(error) == "message"


def test_invalid_endpoint_is_reported(lake_unreachable: str) -> None:
    with pytest.raises(ff.InvalidEndpointError) as raised:
        ff.scan_parquet_from_cloud_storage("s3://bucket/data.parquet", connection_name=lake_unreachable).collect()
    # The engine's remedy (check endpoint_url), worded for Python.
    assert str(raised.value).endswith("Check the connection's endpoint_url."), str(raised.value)


@pytest.mark.parametrize(
    ("remedy", "hint"),
    [
        ({"setting": "aws_allow_unsafe_html", "value": True}, "set aws_allow_unsafe_html=True."),
        ({"setting": "verify_ssl", "value": False}, "set verify_ssl=False."),
        ({"setting": "endpoint_url", "value": None}, "Check the connection's endpoint_url."),
        ({"setting": "endpoint_url"}, "Check the connection's endpoint_url."),
    ],
)
def test_a_remedy_is_said_as_the_keyword_argument(remedy: dict[str, object], hint: str) -> None:
    error = error_from_code("invalid_endpoint", "Invalid endpoint http://h:1: refused.", None, remedy)
    assert str(error).startswith("Invalid endpoint http://h:1: refused. ")
    assert str(error).endswith(hint), str(error)


@pytest.fixture
def lake_unreachable() -> str:
    """A connection whose endpoint refuses connections (a port nothing listens on)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connection = access_key_connection("unreachable").model_copy(
        update={"endpoint_url": f"http://127.0.0.1:{port}", "aws_allow_unsafe_html": True}
    )
    ff.create_cloud_storage_connection(connection)
    return "unreachable"


def test_test_connection_reports_success(lake: str, bucket: str) -> None:
    result = ff.test_cloud_storage_connection(lake, f"s3://{bucket}/")
    assert result.ok, result.message
    assert bucket in result.check


def test_duplicate_is_also_flowfiles_value_error() -> None:
    # Flowfile raises ValueError for a duplicate name: code catching it keeps working.
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    with pytest.raises(ValueError, match="lake"):
        ff.create_cloud_storage_connection(access_key_connection("lake"))


def test_deleting_a_missing_connection_is_no_error() -> None:
    assert ff.del_cloud_storage_connection("never-made") is None
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    ff.create_cloud_storage_connection(access_key_connection("other"))
    ff.del_cloud_storage_connection("lake")
    ff.del_cloud_storage_connection("lake")
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["other"]


def test_create_if_not_exists_returns_the_stored_view() -> None:
    first = ff.create_cloud_storage_connection_if_not_exists(access_key_connection("lake"))
    again = ff.create_cloud_storage_connection_if_not_exists(
        access_key_connection("lake").model_copy(update={"aws_region": "eu-west-1"})
    )
    assert first.aws_region == again.aws_region == "us-east-1"
    assert len(ff.get_all_available_cloud_storage_connections()) == 1


def test_plain_http_to_loopback_needs_no_unsafe_flag(s3_endpoint: str, bucket: str, s3_client: object) -> None:
    assert s3_endpoint.startswith("http://127.0.0.1:")
    s3_client.put_object(Bucket=bucket, Key="x.csv", Body=b"a;b\n1;2\n")  # type: ignore[attr-defined]
    for host in ("127.0.0.1", "localhost"):
        name = f"loopback-{host}"
        ff.create_cloud_storage_connection(
            ff.FullCloudStorageConnection(
                connection_name=name,
                storage_type="s3",
                auth_method="access_key",
                aws_region="us-east-1",
                aws_access_key_id="testing",
                aws_secret_access_key=SecretStr("testing"),
                endpoint_url=s3_endpoint.replace("127.0.0.1", host),
            )
        )
        assert ff.get_cloud_storage_connection(name).aws_allow_unsafe_html is False
        frame = ff.scan_csv_from_cloud_storage(f"s3://{bucket}/x.csv", connection_name=name)
        assert frame.to_arrow().column("b").to_pylist() == [2]


@pytest.mark.parametrize(
    ("storage", "extra", "fix"),
    [
        ("s3", {"aws_region": "us-east-1"}, "aws_allow_unsafe_html=True"),
        ("gcs", {}, "verify_ssl=False"),
        ("adls", {"azure_account_name": "acct"}, "verify_ssl=False"),
    ],
)
def test_plain_http_elsewhere_is_refused_naming_the_fix(storage: str, extra: dict[str, str], fix: str) -> None:
    endpoint = "http://minio.example:9000"
    fields = {"connection_name": "remote", "storage_type": storage, "endpoint_url": endpoint, **extra}
    with pytest.raises(ValidationError) as raised:
        ff.FullCloudStorageConnection(**fields)
    assert fix in str(raised.value)
    assert raised.value.errors()[0]["loc"] == ("endpoint_url",)


def test_plain_http_elsewhere_is_refused_on_update() -> None:
    ff.create_cloud_storage_connection(access_key_connection("lake"))
    # model_copy skips pydantic validation: the engine's own check refuses the update.
    changed = access_key_connection("lake").model_copy(update={"endpoint_url": "http://10.1.2.3:9000"})
    with pytest.raises(ff.InvalidArgumentError, match="aws_allow_unsafe_html=True") as raised:
        ff.update_cloud_storage_connection(changed)
    assert raised.value.field == "endpoint_url"
    assert ff.get_cloud_storage_connection("lake").endpoint_url is None
    allowed = changed.model_copy(update={"aws_allow_unsafe_html": True})
    assert ff.update_cloud_storage_connection(allowed).endpoint_url == "http://10.1.2.3:9000"
