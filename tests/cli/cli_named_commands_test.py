"""Every `flowfile COMMAND SUBCOMMAND` that the project names to its users
exists: in error messages and hints (the C++ sources and the Python
package), in the help texts and in the documentation. A hint that sends a
user to a command that is not there (such as a `flowfile keys generate`
that was never written) fails here. Needs no services.

Usage: cli_named_commands_test.py FLOWFILE_BINARY PROJECT_SOURCE_DIR
"""

import os
import re
import subprocess
import sys
from pathlib import Path

# "flowfile" then up to two words; a word is lower-case letters and '-'.
MENTION = re.compile(r"\bflowfile ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")
SCANNED = [("src", (".cpp", ".h")), ("python/flowfile", (".py", ".pyi")), ("docs", (".md",)),
           ("web/src", (".ts", ".vue")), (".", ("README.md", "SECURITY.md"))]


def subcommands(binary: str, *command: str) -> set[str]:
    """The subcommands that `flowfile COMMAND --help` lists (none for a leaf)."""
    helped = subprocess.run([binary, *command, "--help"], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, FLOWFILE_HOME=os.devnull))
    assert helped.returncode == 0, (command, helped.stderr)
    listed = helped.stdout.split("Subcommands:\n", 1)
    if len(listed) == 1:
        return set()
    names = set()
    for line in listed[1].splitlines():
        if not line.startswith("  "):
            break
        names.add(line.split()[0])
    return names


def mentions(root: Path) -> list[tuple[str, str, str]]:
    """(file:line, command, next word) for every "flowfile WORD [WORD]" in the scanned files."""
    found = []
    for folder, endings in SCANNED:
        base = root / folder
        files = [base / name for name in endings if (base / name).is_file()] if folder == "." else [
            path for path in base.rglob("*") if path.is_file() and path.name.endswith(endings)]
        for path in files:
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                for match in MENTION.finditer(line):
                    found.append((f"{path.relative_to(root)}:{number}", match[1], match[2] or ""))
    return found


def main(binary: str, root: str) -> None:
    commands = subcommands(binary)
    assert {"connections", "keys", "serve", "users"} <= commands, commands
    groups = {command: subcommands(binary, command) for command in commands}
    checked = 0
    wrong = []
    for where, command, word in mentions(Path(root)):
        # "flowfile WORD" is a command only where WORD names one; the rest is
        # prose ("flowfile does not ...").
        if command not in commands:
            continue
        checked += 1
        # After a group ("flowfile keys"), the next word must be one of its commands.
        if groups[command] and word and word not in groups[command]:
            wrong.append(f"{where}: flowfile {command} {word}")
    assert checked >= 20, f"only {checked} mentions of flowfile commands found: is the scan broken?"
    assert not wrong, "hints name commands that do not exist:\n" + "\n".join(wrong)
    print(f"cli_named_commands_test: {checked} mentions of commands checked, 0 wrong")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
