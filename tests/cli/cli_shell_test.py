"""The flowfile command as a shell meets it: --version names flowfile's and
Arrow's versions, --help documents the exit codes, completion scripts for
bash and zsh complete subcommands and flags from the real command tree,
`serve --data-dir` keeps its data where it is told, and the README's
commands put `flowfile` in .venv/bin.

Usage: cli_shell_test.py FLOWFILE_BINARY PROJECT_ROOT
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import pyarrow as pa

checks = 0


def passed() -> None:
    global checks
    checks += 1


def run(argv: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60, **kwargs)
    assert result.returncode == 0, f"{argv}: exit {result.returncode}, stderr {result.stderr!r}"
    return result


def complete(binary: str, shell_words: str) -> list[str]:
    """What bash completion offers for the last word of `shell_words`."""
    words = shell_words.split(" ")
    script = (f'source <("{binary}" completion bash)\n'
              f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
              '_flowfile; printf "%s\\n" "${COMPREPLY[@]}"')
    return sorted(run(["bash", "-c", script]).stdout.split())


def check_version_and_help(binary: str) -> None:
    version = run([binary, "--version"]).stdout.strip()
    assert re.fullmatch(r"flowfile \d+\.\d+\.\d+ \(Apache Arrow " + re.escape(pa.__version__) + r"\)", version), version
    passed()
    help_text = run([binary, "--help"]).stdout
    for line in ("0  success", "2  invalid argument", "3  not found", "5  access denied", "8  tampered secret",
                 "9  unavailable"):
        assert line in help_text, help_text
    passed()


def check_completion(binary: str) -> None:
    top = complete(binary, "flowfile ")
    assert {"connections", "cp", "ls", "head", "cat", "schema", "keys", "serve", "completion"} <= set(top), top
    assert complete(binary, "flowfile conn") == ["connections"]
    assert complete(binary, "flowfile connections cr") == ["create"]
    assert complete(binary, "flowfile keys ") == ["rotate", "status"]
    flags = complete(binary, "flowfile connections create lake --se")
    assert flags == ["--secret-from-env", "--secrets-stdin"], flags  # the refusing secret flags stay hidden
    assert "--recursive" in complete(binary, "flowfile cp --")
    passed()
    zsh = run([binary, "completion", "zsh"]).stdout
    assert zsh.startswith("#compdef flowfile\n"), zsh[:80]
    # zsh loads it through bashcompinit and registers the same function.
    with tempfile.TemporaryDirectory() as home:  # compinit writes its dump file there
        registered = run(["zsh", "-f", "-c", f'source <("{binary}" completion zsh) && print -r -- $_comps[flowfile]'],
                         env=dict(os.environ, HOME=home, ZDOTDIR=home)).stdout
    assert registered.strip() == "_bash_complete -o default -F _flowfile", registered
    passed()


def check_serve_data_dir(binary: str) -> None:
    with tempfile.TemporaryDirectory() as data_dir, tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, FLOWFILE_HOME=home)
        server = subprocess.Popen([binary, "serve", "--port", "0", "--data-dir", data_dir], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            line = server.stdout.readline()
            match = re.search(r"serving (http://127\.0\.0\.1:\d+/) \(data in (.*)\)", line)
            assert match and match.group(2) == data_dir, line
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(match.group(1) + "api/health", timeout=5) as response:
                        health = json.load(response)
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the server did not answer"
                    time.sleep(0.1)
            assert health["status"] == "ok", health
            assert os.path.exists(os.path.join(data_dir, "flowfile.db"))
            assert os.listdir(home) == [], os.listdir(home)
        finally:
            server.terminate()
            server.wait(timeout=30)
    passed()


def check_on_path(root: str) -> None:
    installed = os.path.join(root, ".venv", "bin", "flowfile")
    version = run([installed, "--version"]).stdout
    assert version.startswith("flowfile "), version
    passed()


def main(binary: str, root: str) -> None:
    check_version_and_help(binary)
    check_completion(binary)
    check_serve_data_dir(binary)
    check_on_path(root)
    print(f"cli_shell_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
