"""Connection models: the full connection users create, and the public view they list.

Secret fields are held as ``pydantic.SecretStr``; reprs, ``str`` and
validation errors never show them (inputs are hidden from error messages).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from flowfile import _native
from flowfile.errors import with_remedy_hint

__all__ = [
    "SECRET_FIELDS",
    "AuthMethod",
    "CloudStorageConnectionInfo",
    "ConnectionTestResult",
    "FullCloudStorageConnection",
    "FullCloudStorageConnectionInterface",
    "StorageType",
]

StorageType = Literal["s3", "adls", "gcs"]
AuthMethod = Literal[
    "access_key",
    "aws-cli",
    "iam_role",
    "env_vars",
    "service_principal",
    "managed_identity",
    "sas_token",
    "service_account",
]

SECRET_FIELDS: tuple[str, ...] = (
    "aws_secret_access_key",
    "aws_session_token",
    "azure_account_key",
    "azure_client_secret",
    "azure_sas_token",
    "gcs_service_account_key",
)
"""The fields whose values are secrets: encrypted at rest, never returned."""

# The method used when none is given: the provider's default credential
# chain, which stores no secret (declared once, in the core's connection rules).
_DEFAULT_AUTH_METHOD: dict[str, str] = _native.default_auth_methods()


class FullCloudStorageConnection(BaseModel):
    """A cloud storage connection with its secrets, as given to ``create_cloud_storage_connection``.

    ``auth_method`` defaults to the provider's default credential chain
    (``aws-cli`` for s3, ``managed_identity`` for adls, ``env_vars`` for gcs);
    ``aws_cli`` is accepted for ``aws-cli``. Construction checks the storage
    type x auth method matrix exactly as the engine does, raising
    ``pydantic.ValidationError`` located at the offending field.
    """

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    connection_name: str
    storage_type: StorageType = "s3"
    auth_method: AuthMethod = Field(default=None, validate_default=True)

    aws_region: str | None = None
    aws_access_key_id: str | None = None
    aws_secret_access_key: SecretStr | None = None
    aws_session_token: SecretStr | None = None
    aws_role_arn: str | None = None
    aws_allow_unsafe_html: bool = False
    aws_profile: str | None = None

    azure_account_name: str | None = None
    azure_account_key: SecretStr | None = None
    azure_tenant_id: str | None = None
    azure_client_id: str | None = None
    azure_client_secret: SecretStr | None = None
    azure_sas_token: SecretStr | None = None

    gcs_service_account_key: SecretStr | None = None
    gcs_project_id: str | None = None

    endpoint_url: str | None = None
    verify_ssl: bool = True

    @field_validator("auth_method", mode="before")
    @classmethod
    def _resolve_auth_method(cls, value: object, info: ValidationInfo) -> object:
        if value is None:
            return _DEFAULT_AUTH_METHOD.get(str(info.data.get("storage_type")), "access_key")
        if value == "aws_cli":
            return "aws-cli"
        return value

    @model_validator(mode="after")
    def _check_with_engine(self) -> FullCloudStorageConnection:
        found = _native.validation_problem(self.engine_fields())
        if found is not None:
            field, message, remedy = found
            problem = with_remedy_hint(message, remedy)
            location = (field,) if field in type(self).model_fields else ()
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError("invalid_connection", "{problem}", {"problem": problem}),
                        loc=location,
                        input=None,
                    )
                ],
                hide_input=True,
            )
        return self

    def engine_fields(self) -> dict[str, Any]:
        """The fields as the engine takes them; secrets stay ``SecretStr`` (read only inside the engine)."""
        return {name: getattr(self, name) for name in type(self).model_fields}


class FullCloudStorageConnectionInterface(BaseModel):
    """The public view of a stored connection: everything but the secrets.

    ``secrets_set`` names the secret fields that hold a value, never the
    values. Text fields that are not set are ``None``.
    """

    model_config = ConfigDict(frozen=True)

    connection_name: str
    storage_type: StorageType
    auth_method: AuthMethod
    aws_region: str | None = None
    aws_access_key_id: str | None = None
    aws_role_arn: str | None = None
    aws_allow_unsafe_html: bool = False
    aws_profile: str | None = None
    azure_account_name: str | None = None
    azure_tenant_id: str | None = None
    azure_client_id: str | None = None
    gcs_project_id: str | None = None
    endpoint_url: str | None = None
    verify_ssl: bool = True
    secrets_set: tuple[str, ...] = ()
    id: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    last_used_at: datetime | None = None

    @classmethod
    def from_engine(cls, fields: dict[str, Any]) -> FullCloudStorageConnectionInterface:
        """Build the view from the engine's (or server's) dict: empty text becomes None, 0 times None."""
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            if name not in fields:
                continue
            value = fields[name]
            if value == "" and name != "connection_name":
                value = None
            elif name.endswith("_at"):
                value = _from_unix_millis(value)
            values[name] = value
        return cls(**values)


CloudStorageConnectionInfo = FullCloudStorageConnectionInterface
"""Alias of FullCloudStorageConnectionInterface."""


def _from_unix_millis(value: object) -> datetime | None:
    if isinstance(value, (int, float)) and value > 0:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    if isinstance(value, str) and value:
        return datetime.fromisoformat(value)
    return None


class ConnectionTestResult(BaseModel):
    """The outcome of testing a connection: what was tried and what happened (never a secret)."""

    model_config = ConfigDict(frozen=True)

    ok: bool
    check: str
    message: str
