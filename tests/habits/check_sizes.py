"""Product files stay under 400 lines and functions under 60, or say why.

Scans src/, include/, python/flowfile and web/src. A file over 400 lines, or a
C++ or Python function whose body spans more than 60 lines, fails unless it is
listed in size_allowlist.txt (today's offenders, with their sizes) or, for a
function, the comment block right above it has a line starting with
"Long:" that gives the reason. Listed sizes may only shrink: an offender
that grew, a new one, or a listed one that shrank or went all fail, so the
list always states the tree as it is.

Usage: check_sizes.py ROOT [--write-allowlist]
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
ALLOWLIST = Path(__file__).with_name("size_allowlist.txt")
REASON = re.compile(r"^\s*(//|#)\s*Long:\s*\S")
CXX_SUFFIXES = {".cpp", ".h"}
WEB_SUFFIXES = {".ts", ".vue", ".css"}


def product_files(root: Path) -> list[Path]:
    """Every tracked product source (generated files such as web/src/api/schema.d.ts are not)."""
    found: list[Path] = []
    for folder, suffixes in (
        ("src", CXX_SUFFIXES),
        ("include", CXX_SUFFIXES),
        ("python/flowfile", {".py", ".pyi"}),
        ("web/src", WEB_SUFFIXES),
    ):
        tracked = subprocess.run(
            ["git", "-C", str(root), "ls-files", "-z", "--", folder], capture_output=True, text=True, check=True
        ).stdout.split("\0")
        found += [root / name for name in sorted(tracked) if name and Path(name).suffix in suffixes]
    return found


def blank_literals_and_comments(text: str) -> str:
    """The C++ text with comments, string and char literals blanked, newlines kept."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            open_paren = text.find("(", i)
            delimiter = text[i + 2 : open_paren]
            j = text.find(")" + delimiter + '"', open_paren)
            j = n if j < 0 else j + len(delimiter) + 2
        elif c in "\"'" and not (c == "'" and i > 0 and text[i - 1].isalnum()):  # 1'000 digit separators
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j += 1
        else:
            out.append(c)
            i += 1
            continue
        out.append("".join(ch if ch == "\n" else " " for ch in text[i:j]))
        i = j
    return "".join(out)


CONTROL = re.compile(r"\b(if|for|while|switch|catch)\s*\(")
FUNCTION_HEAD = re.compile(
    r"\)\s*(const|noexcept|override|final|mutable|&|&&|\s|->\s*[\w:<>,\s*&]+|noexcept\s*\([^)]*\))*$"
)
NAME_BEFORE_PAREN = re.compile(r"([~\w:]+|operator\s*[^\s(]+)\s*(<[^()]*>)?\s*\($")


def cxx_functions(text: str) -> list[tuple[str, int, int]]:
    """(name, first line, body lines) of each function defined at namespace or class scope."""
    code = blank_literals_and_comments(text)
    functions: list[tuple[str, int, int]] = []
    stack: list[tuple[str, int, str, int]] = []  # kind, opening line, name, head line
    head_start = 0
    for i, c in enumerate(code):
        if c in ";":
            if not stack or stack[-1][0] in ("namespace", "class"):
                head_start = i + 1
        elif c == "{":
            line = code.count("\n", 0, i) + 1
            if stack and stack[-1][0] not in ("namespace", "class"):
                stack.append(("block", line, "", line))
                continue
            head = code[head_start:i]
            stripped = head.strip()
            if re.search(r"\bnamespace\b", stripped) or stripped.startswith('extern "'):
                stack.append(("namespace", line, "", line))
            elif re.search(r"\b(class|struct|union|enum)\b", stripped) and "(" not in stripped:
                stack.append(("class", line, "", line))
            elif "=" not in re.sub(r"operator\s*\S+|=\s*default|[<>!]=|==", "", stripped) and (
                FUNCTION_HEAD.search(stripped) or re.search(r"\)\s*:\s*.+[)}]$", stripped, re.S)
            ) and not CONTROL.match(stripped):
                name = function_name(stripped)
                head_line = code.count("\n", 0, head_start + len(head) - len(head.lstrip())) + 1
                stack.append(("function", line, name, head_line))
            else:
                stack.append(("block", line, "", line))
            head_start = i + 1
        elif c == "}":
            if not stack:
                continue
            kind, opened, name, head_line = stack.pop()
            line = code.count("\n", 0, i) + 1
            if kind == "function":
                functions.append((name, head_line, line - opened + 1))
            if not stack or stack[-1][0] in ("namespace", "class"):
                head_start = i + 1
    return functions


def function_name(head: str) -> str:
    """The function's qualified name from its head (the text before the body)."""
    depth = 0
    for k, ch in enumerate(head):
        if ch == "(" and depth == 0:
            match = NAME_BEFORE_PAREN.search(head[: k + 1])
            if match:
                return re.sub(r"\s+", "", match.group(1))
        depth += {"<": 1, ">": -1}.get(ch, 0) if ch in "<>" else 0
    return head.split("(")[0].split()[-1] if head.split("(")[0].split() else "?"


def has_reason(lines: list[str], first_line: int) -> bool:
    """Whether the comment block right above line first_line (1-based) gives a Long: reason."""
    k = first_line - 2
    while k >= 0 and lines[k].strip().startswith(("//", "#", "/*", "*", "@")):
        if REASON.match(lines[k]):
            return True
        k -= 1
    return False


def python_functions(text: str) -> list[tuple[str, int, int]]:
    """(name, first line, lines) of each Python function, decorators excluded."""
    out = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.append((node.name, node.lineno, (node.end_lineno or node.lineno) - node.lineno + 1))
    return out


def measure(root: Path) -> dict[str, int]:
    """Every offender today: 'file PATH' or 'function PATH:NAME' to its size."""
    sizes: dict[str, int] = {}
    for path in product_files(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        if len(lines) > MAX_FILE_LINES:
            sizes[f"file {rel}"] = len(lines)
        if path.suffix in CXX_SUFFIXES:
            functions = cxx_functions(text)
        elif path.suffix in (".py", ".pyi"):
            functions = python_functions(text)
        else:
            continue
        for name, first_line, length in functions:
            if length > MAX_FUNCTION_LINES and not has_reason(lines, first_line):
                key = f"function {rel}:{name}"
                sizes[key] = max(sizes.get(key, 0), length)
    return sizes


def read_allowlist() -> dict[str, int]:
    """The listed offenders: 'KIND PATH SIZE' lines, '#' comments."""
    listed: dict[str, int] = {}
    for raw in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            kind, where, size = line.split()
            listed[f"{kind} {where}"] = int(size)
    return listed


def main() -> int:
    """Compares the tree with the allowlist and prints what to do."""
    root = Path(sys.argv[1]).resolve()
    found = measure(root)
    if "--write-allowlist" in sys.argv:
        header = [line for line in ALLOWLIST.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        body = [f"{key} {size}" for key, size in sorted(found.items())]
        ALLOWLIST.write_text("\n".join(header + body) + "\n", encoding="utf-8")
        return 0
    listed = read_allowlist()
    problems = []
    for key, size in sorted(found.items()):
        limit = MAX_FILE_LINES if key.startswith("file") else MAX_FUNCTION_LINES
        if key not in listed:
            problems.append(f"{key} has {size} lines (limit {limit}): split it, or for a function give the reason"
                            " in a '// Long: ...' comment right above it")
        elif size > listed[key]:
            problems.append(f"{key} grew to {size} lines (listed at {listed[key]}): listed sizes may only shrink")
    for key, size in sorted(listed.items()):
        if key not in found:
            problems.append(f"{key} is no longer over its limit: delete its line from {ALLOWLIST.name}")
        elif found[key] < size:
            problems.append(f"{key} shrank to {found[key]} lines: lower its line in {ALLOWLIST.name} to match")
    for problem in problems:
        print(problem)
    print(f"{len(found)} listed offenders checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
