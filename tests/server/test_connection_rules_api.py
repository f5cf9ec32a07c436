"""GET /api/connection-rules: the storage type x auth method table the UI's
connection form is built from says exactly what POST /api/connections
accepts, combination by combination."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CANARY
from flowfile_server import Client, Server

# Values every field accepts syntactically (region names, role ARNs, URLs).
VALUES = {
    "aws_role_arn": "arn:aws:iam::123456789012:role/reader",
    "azure_account_name": "lakeaccount",
    "endpoint_url": "http://127.0.0.1:9",
}


def secret_of(field: str) -> str:
    """The canary, in the shape the field's validation takes (a SAS is a query string)."""
    return f"sv=2022-11-02&sig={CANARY}" if field == "azure_sas_token" else CANARY


def value_of(field: str) -> str:
    return VALUES.get(field, "us-east-1")


@pytest.fixture(scope="module")
def rules(embedded: Server) -> dict[str, Any]:
    response = embedded.client().get("/api/connection-rules")
    assert response.status_code == 200
    return response.json()


def combinations(rules: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (storage["value"], method)
        for storage in rules["storage_types"]
        for method in storage["auth_methods"]
    ]


def all_secret_fields(rules: dict[str, Any]) -> set[str]:
    return {
        secret
        for _, method in combinations(rules)
        for secret in method["secrets_required"] + method["secrets_optional"]
    }


def with_required_fields(
    name: str, storage: str, method: dict[str, Any]
) -> dict[str, object]:
    body: dict[str, object] = {
        "connection_name": name,
        "storage_type": storage,
        "auth_method": method["value"],
    }
    for field in method["required"]:
        body[field] = value_of(field)
    for secret in method["secrets_required"]:
        body[secret] = secret_of(secret)
    return body


def refused_field(client: Client, body: dict[str, object]) -> str:
    response = client.post("/api/connections", json=body)
    assert response.status_code == 400, f"{body} was accepted: {response.text}"
    error = response.json()["error"]
    assert error["code"] == "invalid_argument"
    return str(error["field"])


def test_lists_every_storage_type_with_its_methods_in_offered_order(
    rules: dict[str, Any],
) -> None:
    assert [s["value"] for s in rules["storage_types"]] == ["s3", "adls", "gcs"]
    methods = {
        s["value"]: [m["value"] for m in s["auth_methods"]]
        for s in rules["storage_types"]
    }
    assert methods == {
        "s3": ["access_key", "aws-cli", "iam_role", "env_vars"],
        "adls": ["access_key", "sas_token", "service_principal", "managed_identity"],
        "gcs": ["service_account", "env_vars"],
    }
    assert rules["common_optional"] == ["endpoint_url"]
    assert "endpoint_url" in rules["text_fields"]
    flags = {s["value"]: s["flags"] for s in rules["storage_types"]}
    assert flags == {
        "s3": ["verify_ssl", "aws_allow_unsafe_html"],
        "adls": ["verify_ssl"],
        "gcs": ["verify_ssl"],
    }
    named = {
        field
        for _, method in combinations(rules)
        for field in method["required"] + method["optional"]
    }
    assert named | set(rules["common_optional"]) == set(rules["text_fields"])


def test_exactly_the_required_fields_are_accepted(
    embedded: Server, rules: dict[str, Any]
) -> None:
    client = embedded.client()
    for storage, method in combinations(rules):
        name = f"required-{storage}-{method['value']}"
        response = client.post(
            "/api/connections", json=with_required_fields(name, storage, method)
        )
        assert response.status_code == 201, (
            f"{storage}/{method['value']}: {response.text}"
        )
        assert sorted(response.json()["connection"]["secrets_set"]) == sorted(
            method["secrets_required"]
        )


def test_every_optional_and_common_field_is_accepted(
    embedded: Server, rules: dict[str, Any]
) -> None:
    client = embedded.client()
    for storage, method in combinations(rules):
        body = with_required_fields(
            f"optional-{storage}-{method['value']}", storage, method
        )
        for field in method["optional"] + rules["common_optional"]:
            body[field] = value_of(field)
        for secret in method["secrets_optional"]:
            body[secret] = secret_of(secret)
        response = client.post("/api/connections", json=body)
        assert response.status_code == 201, (
            f"{storage}/{method['value']}: {response.text}"
        )


def test_a_missing_required_field_is_refused_naming_it(
    embedded: Server, rules: dict[str, Any]
) -> None:
    client = embedded.client()
    checked = 0
    for storage, method in combinations(rules):
        for field in method["required"] + method["secrets_required"]:
            body = with_required_fields(
                f"missing-{storage}-{method['value']}", storage, method
            )
            del body[field]
            assert refused_field(client, body) == field, f"{storage}/{method['value']}"
            checked += 1
    assert checked >= 10


def test_a_field_the_combination_does_not_use_is_refused_naming_it(
    embedded: Server, rules: dict[str, Any]
) -> None:
    client = embedded.client()
    for storage, method in combinations(rules):
        allowed = set(
            method["required"] + method["optional"] + rules["common_optional"]
        )
        allowed |= set(method["secrets_required"] + method["secrets_optional"])
        unused = (set(rules["text_fields"]) | all_secret_fields(rules)) - allowed
        assert unused, f"{storage}/{method['value']} uses every field"
        for field in sorted(unused):
            body = with_required_fields(
                f"unused-{storage}-{method['value']}", storage, method
            )
            body[field] = (
                secret_of(field)
                if field in all_secret_fields(rules)
                else value_of(field)
            )
            assert refused_field(client, body) == field, (
                f"{storage}/{method['value']} with {field}"
            )


def test_only_the_flags_of_the_storage_type_may_change(
    embedded: Server, rules: dict[str, Any]
) -> None:
    client = embedded.client()
    defaults = {flag["name"]: flag["default"] for flag in rules["flags"]}
    assert list(defaults.items()) == [
        ("verify_ssl", True),
        ("aws_allow_unsafe_html", False),
    ]
    for storage in rules["storage_types"]:
        method = storage["auth_methods"][0]
        for flag, default in defaults.items():
            body = with_required_fields(
                f"flag-{storage['value']}-{flag}", storage["value"], method
            )
            body[flag] = not default
            if flag in storage["flags"]:
                response = client.post("/api/connections", json=body)
                assert response.status_code == 201, (
                    f"{storage['value']} {flag}: {response.text}"
                )
            else:
                assert refused_field(client, body) == flag


def test_needs_a_signed_in_caller(accounts: Server) -> None:
    anonymous = accounts.client()
    assert anonymous.get("/api/connection-rules").status_code == 401
    admin = accounts.client()
    assert (
        admin.sign_in("admin", "a long admin password", setup=True).status_code == 201
    )
    assert (
        admin.get("/api/connection-rules").json()["storage_types"][0]["value"] == "s3"
    )
