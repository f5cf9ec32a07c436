"""Each choice is declared once, in the core's tables.

The Python package's Literals and api/openapi.yaml's enums (which the web
UI's TypeScript types are generated from) must name the same values. A value
added to or dropped from one place and not the others fails here (issue 11
point 3).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import yaml

from flowfile import _native, cloud_storage, frame, models

ROOT = Path(__file__).resolve().parents[2]

# The property (or query parameter) names of the spec whose enums list one
# of the core's choices.
SPEC_PROPERTIES = {
    "storage_type": "storage_type",
    "auth_method": "auth_method",
    "secrets_set": "secret_field",
    "format": "file_format",
    "compression": "compression",
    "write_mode": "write_mode",
    "op": "filter_op",
    "kind": "flow_node_kind",
}


def _enums(node: Any, name: str, found: dict[str, list[list[str]]]) -> None:
    """Collects every enum under `node`, keyed by the property it belongs to."""
    if isinstance(node, list):
        for item in node:
            _enums(item, name, found)
        return
    if not isinstance(node, dict):
        return
    if "enum" in node:
        found.setdefault(name, []).append([str(value) for value in node["enum"]])
    if "in" in node and "name" in node and "schema" in node:  # a parameter
        _enums(node["schema"], node["name"], found)
        return
    for key, value in node.items():
        if key == "properties":
            for prop, schema in value.items():
                _enums(schema, prop, found)
        elif key == "items":
            _enums(value, name, found)
        elif isinstance(value, (dict, list)):
            _enums(value, name if key not in ("paths", "schemas") else "", found)


def test_core_tables_name_each_choice_once() -> None:
    choices = _native.choices()
    assert set(choices) == set(SPEC_PROPERTIES.values())
    for key, names in choices.items():
        assert names, key
        assert len(names) == len(set(names)), key


def test_python_literals_match_the_core() -> None:
    choices = _native.choices()
    assert set(get_args(models.StorageType)) == set(choices["storage_type"])
    assert set(get_args(models.AuthMethod)) == set(choices["auth_method"])
    assert set(models.SECRET_FIELDS) == set(choices["secret_field"])
    for module in (cloud_storage, frame):
        assert set(get_args(module.Compression)) == set(choices["compression"]), module.__name__
        assert set(get_args(module.WriteMode)) == set(choices["write_mode"]), module.__name__
    # Flowfile's "delta" is accepted by name so that it gets a clear refusal.
    offered = set(get_args(cloud_storage.FileFormat))
    assert offered - {"delta"} == set(choices["file_format"]) - {"delta"}


def test_openapi_enums_match_the_core() -> None:
    spec = yaml.safe_load((ROOT / "api" / "openapi.yaml").read_text())
    found: dict[str, list[list[str]]] = {}
    _enums(spec, "", found)
    choices = _native.choices()
    for prop, key in SPEC_PROPERTIES.items():
        assert found.get(prop), f"no enum for {prop} in api/openapi.yaml"
        for enum in found[prop]:
            assert set(enum) == set(choices[key]), f"{prop}: {enum} != {choices[key]}"
