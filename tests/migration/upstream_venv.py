"""The registry's Flowfile package in a virtual environment of its own, made once and kept.

Upstream's package has the same import name as ours, so it cannot share the
project's .venv. The venv lives in <build>/upstream-flowfile/venv (under the
build folder like the benchmark's peers, so `rm -rf build` is the reset) and
is reused while it holds exactly upstream-requirements.txt: a second run
installs nothing. Only what the migration test loads is installed
(--no-deps, exact pins): half of what `pip install flowfile==0.23.3` brings,
so the first run takes half as long, and the same versions every time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

PIN = "flowfile==0.23.3"
"""The upstream release whose database and key format the importer reads."""

REQUIREMENTS = Path(__file__).resolve().parent / "upstream-requirements.txt"
"""PIN and the distributions it needs here, each pinned."""


def ensure_venv(build: Path) -> Path:
    """The venv's python, creating the venv and installing REQUIREMENTS when it does not hold them yet.

    Prints the cold install time when it installs. Raises RuntimeError with
    pip's last lines when the install fails.
    """
    venv = build / "upstream-flowfile" / "venv"
    python = venv / "bin" / "python"
    marker = venv / "installed-requirements.txt"
    wanted = REQUIREMENTS.read_text()
    if PIN.lower() not in wanted.lower():
        raise RuntimeError(f"{REQUIREMENTS.name} does not pin {PIN}")
    if python.exists() and marker.exists() and marker.read_text() == wanted:
        return python
    base = shutil.which("python3")
    if base is None:
        raise RuntimeError("python3 not found on PATH: cannot make the upstream Flowfile venv")
    print(f"installing {PIN} into {venv} (first run only)", file=sys.stderr, flush=True)
    started = time.monotonic()
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps",
         "-r", str(REQUIREMENTS)],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        tail = " | ".join((install.stderr or install.stdout).strip().splitlines()[-3:])
        raise RuntimeError(f"pip install {PIN} failed: {tail}")
    marker.write_text(wanted)
    print(f"installed {PIN} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    return python


if __name__ == "__main__":
    print(ensure_venv(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build")))
