"""Peers that cannot share the project's .venv, run from their own virtual environment.

- "Flowfile" from PyPI (the registry's Flowfile project, the tool a user would
  pick instead) has the same import name as our package.
- DuckDB's S3 reader, the httpfs extension, is not built into the pinned
  duckdb==2.0.0 wheel, and DuckDB would download it from its own site, which
  this machine cannot reach. PyPI's duckdb-extension-httpfs packages DuckDB's
  signed extension, but only up to 1.5.5, so that DuckDB is 1.5.5 — also the
  newest the PyPI Flowfile accepts (duckdb<2).

The venv is <build>/bench-peers/venv, made on first use with the machine's
python3 and the pins below; each worker runs in a subprocess with HOME and its
settings in a temporary directory, and writes its timings to a JSON file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

PINS = ("flowfile==0.23.3", "duckdb==1.5.5", "duckdb-extension-httpfs==1.5.5")
"""What the peers' venv holds; bump together (the httpfs package requires its exact duckdb)."""

WORKERS = {
    "duckdb-httpfs": "duckdb_httpfs_worker.py",
    "pypi-flowfile": "pypi_flowfile_worker.py",
}
"""Column name -> the worker script in bench/ that times it."""

HERE = Path(__file__).resolve().parent


def installed_pins(python: Path) -> set[str]:
    """The name==version of each pinned distribution installed for `python` (empty when none)."""
    names = [pin.split("==")[0] for pin in PINS]
    probe = (
        "import importlib.metadata as m, json, sys\n"
        "found = []\n"
        f"for name in {names!r}:\n"
        "    try: found.append(name + '==' + m.version(name))\n"
        "    except m.PackageNotFoundError: pass\n"
        "print(json.dumps(found))\n"
    )
    out = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return set()
    return {pin.lower().replace("_", "-") for pin in json.loads(out.stdout)}


def ensure_venv(build: Path) -> Path:
    """The peers' venv python, creating the venv and installing PINS when they are not all there.

    Raises RuntimeError with pip's last lines when the install fails.
    """
    venv = build / "bench-peers" / "venv"
    python = venv / "bin" / "python"
    wanted = {pin.lower() for pin in PINS}
    if python.exists() and installed_pins(python) == wanted:
        return python
    base = shutil.which("python3")
    if base is None:
        raise RuntimeError("python3 not found on PATH: cannot make the peers' venv")
    print(f"installing {' '.join(PINS)} into {venv} (first run only, several minutes)", flush=True)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-q", *PINS],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        tail = " | ".join((install.stderr or install.stdout).strip().splitlines()[-3:])
        raise RuntimeError(f"pip install {' '.join(PINS)} failed: {tail}")
    return python


def run_workers(build: Path, names: list[str], config: dict[str, object]) -> dict[str, dict[str, float | str]]:
    """Time each named peer in its worker; a peer that cannot run gets its reason for every case."""
    try:
        python = ensure_venv(build)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        return {name: {"error": f"peers' venv unavailable: {error}"} for name in names}
    results: dict[str, dict[str, float | str]] = {}
    for name in names:
        results[name] = run_worker(python, HERE / WORKERS[name], config)
    return results


def run_worker(python: Path, script: Path, config: dict[str, object]) -> dict[str, float | str]:
    """Run one worker with a temporary HOME; return its {case: seconds or error} or {"error": why}."""
    with tempfile.TemporaryDirectory(prefix="flowfile-bench-peer-") as home:
        out_file = Path(home) / "result.json"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "TMPDIR": home,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": str(Path(home) / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(Path(home) / "aws-credentials"),
        }
        run = subprocess.run(
            [str(python), str(script), json.dumps({**config, "home": home, "result": str(out_file)})],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode != 0 or not out_file.exists():
            tail = " | ".join(run.stderr.strip().splitlines()[-3:])
            return {"error": f"{script.name} exited {run.returncode}: {tail}"}
        return json.loads(out_file.read_text())
