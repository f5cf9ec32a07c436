"""api/openapi.yaml is a valid OpenAPI 3.1 document."""

from __future__ import annotations

from flowfile_server import SPEC
from openapi_spec_validator import validate


def test_spec_is_valid_openapi_3_1() -> None:
    assert SPEC["openapi"].startswith("3.1")
    validate(SPEC)
