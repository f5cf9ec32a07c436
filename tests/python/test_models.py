"""FullCloudStorageConnection: fields, defaults, and the engine's validation surfaced as ValidationError."""

from __future__ import annotations

import pytest
from pydantic import SecretStr, ValidationError

import flowfile as ff
from flowfile.models import SECRET_FIELDS

ALL_FIELDS = {
    "connection_name",
    "storage_type",
    "auth_method",
    "aws_region",
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_role_arn",
    "aws_allow_unsafe_html",
    "aws_profile",
    "azure_account_name",
    "azure_account_key",
    "azure_tenant_id",
    "azure_client_id",
    "azure_client_secret",
    "azure_sas_token",
    "gcs_service_account_key",
    "gcs_project_id",
    "endpoint_url",
    "verify_ssl",
}


def test_model_has_every_connection_field() -> None:
    assert set(ff.FullCloudStorageConnection.model_fields) == ALL_FIELDS


def test_flags_default_to_safe_values() -> None:
    connection = ff.FullCloudStorageConnection(connection_name="x")
    assert connection.aws_allow_unsafe_html is False
    assert connection.verify_ssl is True


@pytest.mark.parametrize(("storage_type", "auth_method"), [("s3", "aws-cli"), ("adls", None), ("gcs", "env_vars")])
def test_auth_method_defaults_to_provider_chain(storage_type: str, auth_method: str | None) -> None:
    fields = {"azure_account_name": "acct"} if storage_type == "adls" else {}
    connection = ff.FullCloudStorageConnection(connection_name="x", storage_type=storage_type, **fields)
    assert connection.auth_method == (auth_method or "managed_identity")


# One valid connection per secret field, the field holding the value under test.
SECRET_FIELD_CASES = {
    "aws_secret_access_key": {"auth_method": "access_key", "aws_access_key_id": "AKIA"},
    "aws_session_token": {"auth_method": "access_key", "aws_access_key_id": "AKIA", "aws_secret_access_key": "k"},
    "azure_account_key": {"storage_type": "adls", "auth_method": "access_key", "azure_account_name": "acct"},
    "azure_client_secret": {
        "storage_type": "adls",
        "auth_method": "service_principal",
        "azure_account_name": "acct",
        "azure_tenant_id": "tenant",
        "azure_client_id": "client",
    },
    "azure_sas_token": {"storage_type": "adls", "auth_method": "sas_token", "azure_account_name": "acct"},
    "gcs_service_account_key": {"storage_type": "gcs", "auth_method": "service_account"},
}


def test_secret_field_cases_cover_every_secret_field() -> None:
    assert set(SECRET_FIELD_CASES) == set(SECRET_FIELDS)


@pytest.mark.parametrize("field", SECRET_FIELDS)
@pytest.mark.parametrize("wrap", [str, SecretStr])
def test_secret_fields_accept_str_or_secretstr_and_hold_secretstr(field: str, wrap: type, canary: str) -> None:
    # A SAS token must read as one (name=value pairs with a signature).
    planted = f"sv=2020-08-04&sig={canary}" if field == "azure_sas_token" else canary
    connection = ff.FullCloudStorageConnection(
        connection_name="x", **SECRET_FIELD_CASES[field], **{field: wrap(planted)}
    )
    value = getattr(connection, field)
    assert isinstance(value, SecretStr)
    assert value.get_secret_value() == planted
    assert canary not in repr(connection)


def test_str_secret_becomes_secretstr_and_is_masked(canary: str) -> None:
    connection = ff.FullCloudStorageConnection(
        connection_name="x", auth_method="access_key", aws_access_key_id="AKIA", aws_secret_access_key=canary
    )
    assert isinstance(connection.aws_secret_access_key, SecretStr)
    assert connection.aws_secret_access_key.get_secret_value() == canary
    for text in (repr(connection), str(connection), connection.model_dump_json()):
        assert canary not in text


@pytest.mark.parametrize(
    ("fields", "location", "words"),
    [
        ({"auth_method": "access_key"}, "aws_access_key_id", "is required"),
        ({"auth_method": "access_key", "aws_access_key_id": "AKIA"}, "aws_secret_access_key", "is required"),
        ({"aws_region": "not a region!"}, "aws_region", "region"),
        ({"storage_type": "gcs", "auth_method": "sas_token"}, "auth_method", "not available"),
        ({"aws_role_arn": "arn:aws:iam::1:role/r"}, "aws_role_arn", "not used"),
        ({"endpoint_url": "ftp://example.com"}, "endpoint_url", "endpoint_url"),
        ({"connection_name": " padded"}, "connection_name", "space"),
    ],
)
def test_engine_validation_is_a_validation_error_at_the_field(
    fields: dict[str, str], location: str, words: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        ff.FullCloudStorageConnection(**{"connection_name": "x", **fields})
    (error,) = raised.value.errors()
    assert error["loc"] == (location,)
    assert words in error["msg"]


def test_pydantic_type_errors_hide_the_input(canary: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ff.FullCloudStorageConnection(connection_name="x", storage_type=canary, aws_secret_access_key=canary)
    assert canary not in str(raised.value)
    assert canary not in repr(raised.value)


def test_validation_error_does_not_quote_secret_of_invalid_connection(canary: str) -> None:
    with pytest.raises(ValidationError) as raised:
        ff.FullCloudStorageConnection(connection_name="x", aws_secret_access_key=SecretStr(canary))
    assert "aws_secret_access_key" in str(raised.value)
    assert canary not in str(raised.value)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError):
        ff.FullCloudStorageConnection(connection_name="x", aws_secret_key="typo")
