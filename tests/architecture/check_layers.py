"""Fails when a layer of the C++ tree includes a layer above it or beside it.

The floors, lowest first (ARCHITECTURE.md): a file may include its own
layer and any layer of a lower rank. Public headers (include/flowfile/) count
as the layer that owns them. Vendor headers that carry keys or rows of the
store (OpenSSL, SQLite, libpq) stay in the floors that own those concerns.
Front ends (server, Python binding, CLI) are stricter: they reach the engine
through the service only (see FRONT_ENDS below).
Usage: check_layers.py ROOT
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

RANK = {
    "core": 0,
    "crypto": 1,
    "store": 2,
    "cloud": 2,  # beside store: filesystems never see the store
    "io": 3,
    "service": 4,  # with its accounts, sessions and tokens (src/service/accounts)
    "server": 5,
    "python": 5,  # beside the server: both are front ends over the service
    "cli": 6,  # `flowfile serve` hosts the server
}

PUBLIC_HEADER_LAYER = {
    "connection.h": "core",
    "connection_changes.h": "core",
    "connection_fields.h": "core",
    "connection_view.h": "core",
    "connection_rules.h": "core",
    "data_directory.h": "core",
    "endpoint_policy.h": "core",
    "error.h": "core",
    "result.h": "core",
    "sas_token.h": "core",
    "secret.h": "core",
    "storage.h": "core",
    "user.h": "core",
    "version.h": "core",
    "keyring.h": "crypto",
    "connection_store.h": "store",
    "data.h": "io",
    "files.h": "io",
    "frame_steps.h": "io",
    "flow.h": "service",
    "saved_flow.h": "service",
    "flowfile_import.h": "service",
    "engine.h": "service",
}

VENDOR_OWNERS = {
    "openssl/": {"core", "crypto"},
    "sqlite3.h": {"store"},
    "libpq": {"store"},
}

# "A front end never opens the store, a filesystem or a file format itself;
# it calls the service" (ARCHITECTURE.md). Besides their own layer and the
# service, front ends include only the public headers of the floors whose
# types the service's API speaks (core: connections, secrets, errors; io:
# frames, scans, writes): never a lower floor's internal headers (src/io/,
# src/cloud/, ...), nor the public headers of the store or crypto (keys,
# hashes and random codes are made below them, issue 11 point 1).
FRONT_ENDS = {"server", "python", "cli"}
FRONT_END_PUBLIC_FLOORS = {"core", "io"}
FRONT_END_HOSTS = {"cli": {"server"}}  # `flowfile serve` hosts the server


def front_end_may_include(layer: str, target: str, other: str) -> bool:
    """Whether front end `layer` may include `target`, a header of layer `other`."""
    if other == "service" or other in FRONT_END_HOSTS.get(layer, set()):
        return True
    return target.startswith("flowfile/") and other in FRONT_END_PUBLIC_FLOORS


INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.MULTILINE)


def layer_of(path: Path, root: Path) -> str | None:
    relative = path.relative_to(root).parts
    if relative[0] == "include":
        return PUBLIC_HEADER_LAYER.get(relative[-1], "<unmapped public header>")
    if relative[0] == "python":
        return "python"
    return relative[1] if relative[0] == "src" and len(relative) > 2 else None


def included_layer(target: str) -> str | None:
    if target.startswith("flowfile/"):
        return PUBLIC_HEADER_LAYER.get(
            target.removeprefix("flowfile/"), "<unmapped public header>"
        )
    if target.startswith("src/"):
        return target.split("/")[1]
    return None


def problems(root: Path) -> list[str]:
    found = []
    sources = [
        *root.glob("src/**/*.[ch]*"),
        *root.glob("include/flowfile/*.h"),
        *root.glob("python/src/*.[ch]*"),
    ]
    for path in sorted(sources):
        layer = layer_of(path, root)
        if layer is None:
            continue
        if layer not in RANK:
            found.append(
                f"{path.relative_to(root)}: layer {layer!r} has no rank in check_layers.py"
            )
            continue
        for quote, target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            if quote == "<":
                for vendor, owners in VENDOR_OWNERS.items():
                    if target.startswith(vendor) and layer not in owners:
                        found.append(
                            f"{path.relative_to(root)} ({layer}) includes <{target}>, which only {sorted(owners)} may"
                        )
                continue
            other = included_layer(target)
            if other is None or other == layer:
                continue
            if layer in FRONT_ENDS and not front_end_may_include(layer, target, other):
                found.append(
                    f"{path.relative_to(root)} ({layer}) includes {target} ({other}): front ends reach"
                    " the engine through the service only"
                )
                continue
            if other not in RANK:
                found.append(
                    f"{path.relative_to(root)} ({layer}) includes {target}: {other!r} has no rank"
                )
            elif RANK[other] >= RANK[layer]:
                where = "above" if RANK[other] > RANK[layer] else "beside"
                found.append(
                    f"{path.relative_to(root)} ({layer}) includes {target} ({other}, {where} it)"
                )
    return found


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    found = problems(root)
    for line in found:
        print(line)
    checked = len(list(root.glob("src/**/*.[ch]*")))
    print(
        f"check_layers: {0 if found else 1} passed, {1 if found else 0} failed ({checked} files under src/)"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
