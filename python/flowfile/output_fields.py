"""The schema a reader promises: Flowfile's ``output_field_config``.

A reader given ``output_field_config=OutputFieldConfig(enabled=True, fields=[...])``
returns exactly the configured columns, as Flowfile's reader nodes do
(flowfile_core ``output_field_config_applier``):

- ``select_only`` (default): the configured columns that exist, in order;
- ``add_missing``: the configured columns in order, missing ones added with
  their ``default_value`` cast to ``data_type``; other columns dropped;
- ``add_missing_keep_extra``: as ``add_missing``, other columns kept after them;
- ``raise_on_missing``: a ValueError naming the missing columns.

With ``validate_data_types``, a configured column whose type is not its
``data_type`` (polars' name: ``String``, ``Int64``, ``Float64``, ...) is a
ValueError. Both errors come when the frame is planned, not when it is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import polars
from pydantic import BaseModel, Field

from flowfile.errors import InvalidArgumentError

if TYPE_CHECKING:
    from flowfile.frame import LazyFrame

__all__ = ["OutputFieldConfig", "OutputFieldInfo", "apply_output_field_config"]

ValidationMode = Literal["add_missing", "add_missing_keep_extra", "raise_on_missing", "select_only"]


class OutputFieldInfo(BaseModel):
    """One column a reader promises: its name, type (polars' name) and the default of a missing one."""

    name: str
    data_type: str = "String"
    default_value: str | None = None


class OutputFieldConfig(BaseModel):
    """Which columns a reader returns and how it treats missing and extra ones (off unless ``enabled``)."""

    enabled: bool = False
    validation_mode_behavior: ValidationMode = "select_only"
    fields: list[OutputFieldInfo] = Field(default_factory=list)
    validate_data_types: bool = False


def _dtype(field: OutputFieldInfo) -> type[polars.DataType]:
    dtype = getattr(polars, field.data_type, None)
    if not (isinstance(dtype, type) and issubclass(dtype, polars.DataType)):
        raise InvalidArgumentError(
            f"output_field_config: {field.name!r} has data_type {field.data_type!r}, not a polars type name "
            "(String, Int64, Float64, Boolean, Date, Datetime, ...)",
            "output_field_config",
        )
    return dtype


def _default(field: OutputFieldInfo) -> polars.Expr:
    return polars.lit(field.default_value).cast(_dtype(field), strict=False, wrap_numerical=True).alias(field.name)


def _check_types(schema: polars.Schema, fields: list[OutputFieldInfo]) -> None:
    mismatches = [
        f"Column '{field.name}': expected {field.data_type}, got {schema[field.name]}"
        for field in fields
        if field.name in schema and str(schema[field.name]) != field.data_type and schema[field.name] != _dtype(field)
    ]
    if mismatches:
        raise InvalidArgumentError(
            "Data type validation failed:\n" + "\n".join(f"  - {m}" for m in mismatches), "output_field_config"
        )


def apply_output_field_config(frame: LazyFrame, config: OutputFieldConfig | None) -> LazyFrame:
    """``frame`` shaped by ``config`` (itself when ``config`` is None, disabled or lists no fields)."""
    if config is None or not config.enabled or not config.fields:
        return frame
    fields = config.fields
    columns = frame.columns
    wanted = [field.name for field in fields]
    missing = [field for field in fields if field.name not in columns]
    mode = config.validation_mode_behavior
    if mode == "raise_on_missing" and missing:
        raise InvalidArgumentError(
            f"Missing required columns: {', '.join(sorted(field.name for field in missing))}", "output_field_config"
        )
    if mode == "select_only":
        shaped = frame.select([name for name in wanted if name in columns])
    elif mode == "raise_on_missing":
        shaped = frame if columns == wanted else frame.select(wanted)
    else:
        added = [_default(field) for field in missing]
        extra = [name for name in columns if name not in wanted] if mode == "add_missing_keep_extra" else []
        order = wanted + extra
        shaped = frame.with_columns(*added).select(order) if added else frame.select(order)
    if config.validate_data_types:
        _check_types(shaped.schema, fields)
    return shaped
