"""The exit codes of the flowfile command that the other CLI tests do not
reach: 1 (a damaged store file) and 9 (a store locked by another process,
a data directory that cannot be made), each with its message on standard
error; and --help lists every code from 0 to 9. (2-8 are reached by
cli_test.py, 3 for a missing bucket by cli_data_test.py.)"""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile


def run(binary: str, home: str, *args: str, stdin: str = "", expect: int = 0) -> str:
    result = subprocess.run([binary, *args], input=stdin, capture_output=True, text=True,
                            env=dict(os.environ, FLOWFILE_HOME=home), timeout=60)
    assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
    return result.stdout if expect == 0 else result.stderr


@contextlib.contextmanager
def store_locked_by_another_process(home: str):
    db = sqlite3.connect(os.path.join(home, "flowfile.db"), isolation_level=None)
    try:
        db.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        db.execute("ROLLBACK")
        db.close()


def create(binary: str, home: str, name: str, endpoint: str, expect: int = 0) -> str:
    return run(binary, home, "connections", "create", name, "--auth-method", "access_key",
               "--aws-access-key-id", "AKIAFLOWFILETEST", "--aws-region", "us-east-1", "--endpoint-url", endpoint,
               "--secrets-stdin", stdin=json.dumps({"aws_secret_access_key": "any"}), expect=expect)


def main(binary: str) -> None:
    checks = 0
    endpoint = "http://127.0.0.1:9"  # never reached
    with tempfile.TemporaryDirectory() as root:
        home = os.path.join(root, "home")
        create(binary, home, "moto", endpoint)

        with store_locked_by_another_process(home):
            message = create(binary, home, "locked", endpoint, expect=9)
        assert "try again" in message.lower(), message
        names = [c["connection_name"] for c in json.loads(run(binary, home, "connections", "list"))]
        assert names == ["moto"], names
        checks += 1

        blocker = os.path.join(root, "a-file")
        open(blocker, "w").close()
        message = run(binary, os.path.join(blocker, "home"), "connections", "list", expect=9)
        assert "Cannot create the data directory" in message, message
        checks += 1

        for companion in ("flowfile.db-wal", "flowfile.db-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(home, companion))
        with open(os.path.join(home, "flowfile.db"), "wb") as damaged:
            damaged.write(b"not a database " * 1000)
        message = run(binary, home, "connections", "list", expect=1)
        assert message.startswith("flowfile: ") and "not a database" in message, message
        checks += 1

    listed = {int(line.split()[0]) for line in run(binary, root, "--help").split("Exit codes:")[1].splitlines()
              if line.strip() and line.split()[0].isdigit()}
    assert listed == set(range(10)), listed
    checks += 1
    print(f"cli_exit_codes_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
