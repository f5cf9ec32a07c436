"""Each floor includes only the floors below it (ARCHITECTURE.md).

Reads every `#include "src/<floor>/..."` in src/ and python/src (the Python
module) and fails on an include of a floor that FLOORS does not list below
the includer: a floor above, or one beside it. Public headers
(include/flowfile/) are the engine's API and may be included anywhere.
Includes that break the rule today are listed, each with its reason, in
layer_allowlist.txt, which may only shrink: a new break or a listed one that
went both fail, so the list always states the tree as it is.

Usage: check_layers.py ROOT
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# Each floor and the floors it may include. Front ends (server, cli, the
# Python module) reach the use cases: the service, and accounts (sign-in,
# sessions and API tokens of the server's accounts mode over the store's
# account records); `flowfile serve` hosts the server, so the command line
# may start it.
FLOORS: dict[str, set[str]] = {
    "core": set(),
    "crypto": {"core"},
    "store": {"core", "crypto"},
    "cloud": {"core"},
    "io": {"core", "cloud"},
    "accounts": {"core", "crypto", "store"},
    "service": {"core", "crypto", "store", "cloud", "io", "accounts"},
    "server": {"core", "service", "accounts"},
    "cli": {"core", "service", "accounts", "server"},
    "python": {"core", "service"},
}
ALLOWLIST = Path(__file__).with_name("layer_allowlist.txt")
INCLUDE = re.compile(r'^\s*#\s*include\s+"src/([a-z_]+)/([^"]+)"', re.MULTILINE)


def floor_of(relative: Path) -> str:
    """src/<floor>/... names its floor; python/src is the Python module's."""
    return "python" if relative.parts[0] == "python" else relative.parts[1]


def breaks(root: Path) -> set[str]:
    """Every include that FLOORS does not allow, as 'file -> included header'."""
    tracked = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--", "src", "python/src"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    found: set[str] = set()
    for name in tracked:
        if not name.endswith((".cpp", ".h")):
            continue
        relative = Path(name)
        floor = floor_of(relative)
        if floor not in FLOORS:
            found.add(f"{name} -> (a floor check_layers.py does not know: add it to FLOORS)")
            continue
        for included, header in INCLUDE.findall((root / relative).read_text()):
            if included != floor and included not in FLOORS[floor]:
                found.add(f"{name} -> src/{included}/{header}")
    return found


def allowed() -> set[str]:
    lines = ALLOWLIST.read_text().splitlines()
    return {line.split("  #")[0].strip() for line in lines if line.strip() and not line.startswith("#")}


def main() -> int:
    root = Path(sys.argv[1])
    found, listed = breaks(root), allowed()
    new, gone = sorted(found - listed), sorted(listed - found)
    for line in new:
        print(f"layers: {line} reaches a floor above or beside its own; call the service instead")
    for line in gone:
        print(f"layers: {line} no longer breaks the rule: delete its line from {ALLOWLIST.name}")
    print(f"layers: {len(found)} includes break the rule, {len(found & listed)} of them listed; {len(gone)} listed gone")
    return 1 if new or gone else 0


if __name__ == "__main__":
    sys.exit(main())
