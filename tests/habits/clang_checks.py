"""clang-tidy and clang's -Wthread-safety over product sources, from the compilation database.

  clang_checks.py tidy BUILD_DIR [LAYER...]  clang-tidy (.clang-tidy) over src/LAYER/**.cpp
                                             (every folder of src/ when none is named)
  clang_checks.py thread-safety BUILD_DIR    clang -fsyntax-only -Wthread-safety over every
                                             source that locks a flowfile::Mutex

Fails when either reports anything. The database is the GCC build's, so flags
clang does not know are tolerated. tidy remembers clean files (by the text of
the file, of the project headers it includes, the command and .clang-tidy) in
BUILD_DIR/clang-tidy-clean, so a warm run checks only the files a change
reaches; a cold CI run checks all of the listed layers.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def product_commands(build: Path) -> dict[Path, list[str]]:
    """The compile command of each product source (src/), one per file."""
    commands: dict[Path, list[str]] = {}
    for entry in json.loads((build / "compile_commands.json").read_text()):
        source = Path(entry["file"]).resolve()
        if source.is_relative_to(ROOT / "src") and source not in commands:
            commands[source] = shlex.split(entry["command"])
    return commands


def run_all(jobs: list[list[str]]) -> list[tuple[list[str], subprocess.CompletedProcess[str]]]:
    """Runs the commands, as many at once as there are cores."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = pool.map(lambda job: subprocess.run(job, capture_output=True, text=True, check=False), jobs)
        return list(zip(jobs, results, strict=True))


def included_headers(build: Path) -> dict[str, list[Path]]:
    """The project headers each object's source included when it was last built (ninja's deps log)."""
    found: dict[str, list[Path]] = {}
    try:
        log = subprocess.run(["ninja", "-C", str(build), "-t", "deps"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return found  # not a ninja build: every header counts
    current: list[Path] | None = None
    for line in log.stdout.splitlines():
        if line and not line[0].isspace():
            current = found.setdefault(line.split(":", 1)[0], [])
        elif line.strip().endswith(".h") and current is not None:
            header = (build / line.strip()).resolve()
            if header.is_relative_to(ROOT / "src") or header.is_relative_to(ROOT / "include"):
                current.append(header)
    return found


def headers_digest(headers: list[Path]) -> str:
    """One digest of the given headers and .clang-tidy: a file's findings can change with any of them."""
    digest = hashlib.sha256()
    for header in headers:
        digest.update(header.read_bytes() if header.exists() else b"")
    digest.update((ROOT / ".clang-tidy").read_bytes())
    return digest.hexdigest()


def tidy(build: Path, layers: list[str]) -> int:
    """clang-tidy over the listed layers' sources (all when none is listed); 0 when all are clean."""
    clean_dir = build / "clang-tidy-clean"
    clean_dir.mkdir(exist_ok=True)
    every_header = sorted([*(ROOT / "src").rglob("*.h"), *(ROOT / "include").rglob("*.h")])
    included = included_headers(build)
    todo: dict[str, Path] = {}
    for source, command in sorted(product_commands(build).items()):
        if layers and source.relative_to(ROOT).parts[1] not in layers:
            continue
        # A source not built yet (no deps known) counts every header.
        headers = sorted(set(included.get(command[command.index("-o") + 1], []))) or every_header
        key = hashlib.sha256((headers_digest(headers) + " ".join(command)).encode() + source.read_bytes()).hexdigest()
        if not (clean_dir / key).exists():
            todo[key] = source
    print(f"clang-tidy: {len(todo)} files to check in {', '.join(layers) or 'every folder of src/'}")
    jobs = [
        ["clang-tidy", "-p", str(build), "--quiet", "--extra-arg=-Wno-unknown-warning-option", str(source)]
        for source in todo.values()
    ]
    failed = 0
    for (key, _source), (_job, result) in zip(todo.items(), run_all(jobs), strict=True):
        if result.returncode == 0 and "warning:" not in result.stdout:
            (clean_dir / key).touch()
        else:
            failed += 1
            print(result.stdout, result.stderr, sep="\n")
    print(f"clang-tidy: {failed} files with findings")
    return 1 if failed else 0


def thread_safety(build: Path) -> int:
    """-Wthread-safety as errors over the sources that take a flowfile::Mutex; 0 when clean."""
    jobs = []
    for source, command in sorted(product_commands(build).items()):
        if "MutexLock" not in source.read_text(encoding="utf-8"):
            continue
        flags = [arg for arg in command[1:] if arg != "-Werror"]
        if "-o" in flags:
            del flags[flags.index("-o") : flags.index("-o") + 2]
        flags = [arg for arg in flags if arg not in ("-c", str(source))]
        jobs.append(
            ["clang++", *flags, "-Wno-unknown-warning-option", "-fsyntax-only", "-Wthread-safety",
             "-Werror=thread-safety", str(source)]
        )
    print(f"thread-safety: {len(jobs)} files")
    failed = 0
    for job, result in run_all(jobs):
        if result.returncode != 0 or "thread-safety" in result.stderr:
            failed += 1
            print(job[-1], result.stderr, sep="\n")
    print(f"thread-safety: {failed} files with findings")
    return 1 if failed or not jobs else 0


def main() -> int:
    """Dispatches on the mode."""
    mode, build = sys.argv[1], Path(sys.argv[2]).resolve()
    if mode == "tidy":
        return tidy(build, sys.argv[3:])
    return thread_safety(build)


if __name__ == "__main__":
    sys.exit(main())
