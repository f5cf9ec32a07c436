"""The package as users get it: importable, typed, and sharing one store between processes.

Import works in a fresh process without LD_LIBRARY_PATH and without importing pyarrow first.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import flowfile as ff
from conftest import flowfile_binary, package_paths


def run_python(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["PYTHONPATH"] = os.pathsep.join(package_paths())
    env["FLOWFILE_HOME"] = str(home)
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


def test_imports_in_fresh_process_without_library_path(flowfile_home: Path) -> None:
    result = run_python("import sys, flowfile; print('pyarrow' in sys.modules, flowfile.__name__)", flowfile_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "flowfile"
    assert "leaked" not in result.stderr


def test_connection_created_in_one_process_is_seen_by_another(flowfile_home: Path) -> None:
    created = run_python(
        "import flowfile as ff; ff.create_cloud_storage_connection(ff.FullCloudStorageConnection("
        "connection_name='shared', aws_region='us-east-1'))",
        flowfile_home,
    )
    assert created.returncode == 0, created.stderr
    assert [c.connection_name for c in ff.get_all_available_cloud_storage_connections()] == ["shared"]


def test_cli_lists_connection_created_from_python(flowfile_home: Path) -> None:
    ff.create_cloud_storage_connection(ff.FullCloudStorageConnection(connection_name="from-python"))
    listed = subprocess.run(
        [str(flowfile_binary()), "connections", "list"],
        env=dict(os.environ, FLOWFILE_HOME=str(flowfile_home)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    assert "from-python" in listed.stdout


def test_package_is_typed() -> None:
    package = Path(ff.__file__).parent
    assert (package / "py.typed").is_file()
    assert (package / "_native.pyi").is_file()


def test_public_functions_are_documented() -> None:
    for name in ff.__all__:
        assert getattr(ff, name).__doc__, f"flowfile.{name} has no docstring"


def test_native_stub_matches_module() -> None:
    import ast

    from flowfile import _native

    stub = ast.parse((Path(ff.__file__).parent / "_native.pyi").read_text())
    for node in stub.body:
        if isinstance(node, ast.ClassDef):
            runtime = getattr(_native, node.name)
            for member in node.body:
                if isinstance(member, ast.FunctionDef):
                    assert hasattr(runtime, member.name), f"stub names {node.name}.{member.name}, module lacks it"
            public = {name for name in dir(runtime) if not name.startswith("_")}
            stubbed = {m.name for m in node.body if isinstance(m, ast.FunctionDef)}
            assert public <= stubbed, f"{node.name} members missing from the stub: {public - stubbed}"
        elif isinstance(node, ast.FunctionDef):
            assert callable(getattr(_native, node.name)), node.name
