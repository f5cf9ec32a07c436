"""api/openapi.yaml is a valid OpenAPI 3.1 document whose response schemas
forbid unknown properties, so a field leaked into a response fails the
contract check of every exchange (flowfile_server.Contract)."""

from __future__ import annotations

from typing import Any

from flowfile_server import SPEC
from openapi_spec_validator import validate


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)


def _open_objects(schema: Any, where: str, seen: set[str]) -> list[str]:
    """Places under `schema` (following $refs once) of an object with
    properties that does not set additionalProperties: false."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        if name in seen:
            return []
        seen.add(name)
        return _open_objects(SPEC["components"]["schemas"][name], name, seen)
    found = []
    if "properties" in schema:
        if schema.get("additionalProperties") is not False:
            found.append(where)
        for key, value in schema["properties"].items():
            found += _open_objects(value, f"{where}.{key}", seen)
    if "items" in schema:
        found += _open_objects(schema["items"], f"{where}[]", seen)
    for key in ("oneOf", "anyOf", "allOf"):
        for value in schema.get(key, []):
            found += _open_objects(value, where, seen)
    return found


def test_response_schemas_forbid_unknown_properties() -> None:
    seen: set[str] = set()
    open_objects = []
    for route, item in SPEC["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for status, response in operation["responses"].items():
                if "$ref" in response:
                    name = response["$ref"].split("/")[-1]
                    response = SPEC["components"]["responses"][name]
                schema = response.get("content", {}).get("application/json", {})
                where = f"{method.upper()} {route} {status}"
                open_objects += _open_objects(schema.get("schema"), where, seen)
    assert not open_objects, f"response objects open to unknown fields: {open_objects}"
