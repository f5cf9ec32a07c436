"""The Python sources stay ruff-clean (lint and format), with the settings in python/pyproject.toml."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

SOURCES = [str(ROOT / "python"), str(ROOT / "tests" / "python")]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_sources_are_ruff_clean(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *SOURCES], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
