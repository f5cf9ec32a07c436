"""The real flowfile binary refuses a malformed command line without
repeating any argument: a secret typed where a flag expected something
else (a misspelt secret flag, a boolean, a choice, a number, a flag that
takes no value, a secret flag on an otherwise wrong line) never reaches
standard output or error, the exit code is the usage one (2), and the one
line names the flag or position to fix. So is a database URL whose
password would show in the process list. Needs no services: nothing runs
past the parser, so nothing is stored.

Usage: cli_arguments_test.py FLOWFILE_BINARY
"""

import os
import subprocess
import sys
import tempfile

CANARY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYCANARY"

# (arguments, words the message must hold)
REFUSED: list[tuple[list[str], list[str]]] = [
    (["connections", "create", "lake", "--verify-ssl", CANARY], ["--verify-ssl"]),
    (["connections", "create", "lake", "--aws-allow-unsafe-html=" + CANARY], ["--aws-allow-unsafe-html"]),
    (["connections", "create", "lake", "--aws-secret-acess-key", CANARY], ["argument 4", "argument 5"]),
    (["connections", "create", "lake", "--secrets-stdin", CANARY], ["argument 5", "after --secrets-stdin"]),
    (["connections", "create", "lake", "--prompt-secrets=" + CANARY], ["--prompt-secrets"]),
    (["connections", "create", "--azure-sas-token", "?sv=2024&sig=" + CANARY], ["--azure-sas-token refused"]),
    (["connections", "update", "lake", "-o", CANARY], ["--output"]),
    (["connections", "show", "lake", CANARY], ["argument 4"]),
    (["users", "add", "ann", "--password", CANARY, "--password", CANARY], ["--password refused"]),
    (["users", "passwd", "--password", CANARY], ["--password refused"]),
    (["head", "s3://b/k", "-n", CANARY], ["--rows"]),
    (["tokens", "revoke", "-u", "ann", CANARY], ["id"]),
    (["completion", CANARY], ["shell"]),
    (["serve", "--port", CANARY], ["--port"]),
    (["serve", "--database-url", "postgresql://u:" + CANARY + "@h/db", "--database-url", CANARY],
     ["--database-url"]),
    # A password in the URL would show in `ps`: refused before anything runs.
    (["serve", "--database-url", "postgresql://u:" + CANARY + "@h/db"],
     ["--database-url refused", "--database-url-from-env", "PGPASSWORD"]),
    (["serve", "--database-url", "postgresql://u@h/db?sslmode=require&password=" + CANARY],
     ["--database-url refused"]),
    (["serve", "--database-url-from-env", "postgresql://u:" + CANARY + "@h/db"],
     ["--database-url-from-env expects the name of an environment variable"]),
    (["import", "flowfile-db", "/tmp/db", "--key-file", CANARY, "--key-from-env", CANARY],
     ["--key-from-env", "--key-file"]),
    ([CANARY], ["argument 1"]),
    (["--" + CANARY], ["argument 1", "unknown option"]),
]


def main(binary: str) -> None:
    checks = 0
    with tempfile.TemporaryDirectory() as home:
        for args, says in REFUSED:
            result = subprocess.run([binary, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                    env=dict(os.environ, FLOWFILE_HOME=home), timeout=60)
            shown = result.stdout + result.stderr
            for start in range(len(CANARY) - 11):
                assert CANARY[start:start + 12] not in shown, f"{args}: the value was echoed: {shown!r}"
            assert result.returncode == 2, f"{args}: exit {result.returncode}, {shown!r}"
            assert result.stderr.startswith("flowfile: ") and result.stderr.count("\n") == 1, result.stderr
            for said in says:
                assert said in result.stderr, f"{args}: {said!r} not in {result.stderr!r}"
            checks += 1
        assert os.listdir(home) == [], os.listdir(home)  # nothing ran past the parser
        checks += 1
    print(f"cli_arguments_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
