"""The flowfile command over a temporary data directory: connection
management, exit codes by error, and no secret in any output."""

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile

CANARY = "CANARY-cli-wJalrXUtnFEMI-K7MDENG"
outputs: list[str] = []


def run(binary: str, home: str, *args: str, stdin: str = "", expect: int = 0) -> str:
    result = subprocess.run(
        [binary, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ, FLOWFILE_HOME=home),
        timeout=60,
    )
    outputs.extend([result.stdout, result.stderr])
    assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
    return result.stdout if expect == 0 else result.stderr


def secure_emulator() -> tuple[str, str, str]:
    """(endpoint, key id, secret) of the TLS + IAM moto server of scripts/services/moto-secure."""
    names = ("FLOWFILE_TEST_S3_SECURE_ENDPOINT", "FLOWFILE_TEST_S3_SECURE_KEY_ID", "FLOWFILE_TEST_S3_SECURE_SECRET")
    values = [os.environ.get(name, "") for name in names]
    assert all(values), f"{', '.join(names)} are not set: run through scripts/test, which starts the emulators"
    return values[0], values[1], values[2]


def tamper_secrets(home: str, name: str) -> None:
    """Flips a bit of the authentication tag of every stored secret of connection `name`."""
    with contextlib.closing(sqlite3.connect(os.path.join(home, "flowfile.db"))) as db, db:
        rows = db.execute(
            "SELECT s.connection_id, s.field, s.envelope FROM connection_secrets s "
            "JOIN connections c ON c.id = s.connection_id WHERE c.name = ?", (name,)).fetchall()
        assert rows, f"no stored secret for {name}"
        for connection_id, field, envelope in rows:
            db.execute("UPDATE connection_secrets SET envelope = ? WHERE connection_id = ? AND field = ?",
                       (bytes(envelope[:-1]) + bytes([envelope[-1] ^ 1]), connection_id, field))


def main(binary: str) -> None:
    checks = 0
    with tempfile.TemporaryDirectory() as home:
        assert json.loads(run(binary, home, "connections", "list")) == []
        secrets = json.dumps({"aws_secret_access_key": CANARY, "aws_session_token": CANARY + "-token"})
        created = json.loads(
            run(binary, home, "connections", "create", "data-lake", "--auth-method", "access_key",
                "--aws-access-key-id", "AKIA1", "--aws-region", "us-east-1", "--secrets-stdin", stdin=secrets)
        )
        assert created["connection_name"] == "data-lake"
        assert sorted(created["secrets_set"]) == ["aws_secret_access_key", "aws_session_token"]
        checks += 1

        again = json.loads(
            run(binary, home, "connections", "create", "data-lake", "--if-not-exists",
                "--auth-method", "access_key", "--aws-access-key-id", "AKIA2", "--secrets-stdin", stdin=secrets)
        )
        assert again["created"] is False and again["aws_access_key_id"] == "AKIA1"
        checks += 1

        message = run(binary, home, "connections", "create", "data-lake", "--auth-method", "access_key",
                      "--aws-access-key-id", "AKIA1", "--secrets-stdin", stdin=secrets, expect=4)
        assert "already exists" in message and "--if-not-exists" in message, message
        message = run(binary, home, "connections", "show", "missing", expect=3)
        # In the command line's words, never the Python package's.
        assert "Connection not found" in message and "`flowfile connections list`" in message, message
        assert "()" not in message, message
        message = run(binary, home, "connections", "create", "bad", "--storage-type", "s3",
                      "--auth-method", "sas_token", expect=2)
        assert "auth_method" in message
        # Without --auth-method a connection gets its storage type's default
        # credential chain from the core's rules (gcs has no access_key).
        defaulted = json.loads(run(binary, home, "connections", "create", "gcs-chain", "--storage-type", "gcs"))
        assert defaulted["auth_method"] == "env_vars", defaulted
        run(binary, home, "connections", "delete", "gcs-chain")
        checks += 1

        # Pointing stored credentials at another endpoint needs the secrets again.
        message = run(binary, home, "connections", "update", "data-lake", "--endpoint-url",
                      "http://127.0.0.1:9", expect=2)
        assert "aws_secret_access_key" in message
        assert json.loads(run(binary, home, "connections", "show", "data-lake"))["endpoint_url"] == ""
        updated = json.loads(
            run(binary, home, "connections", "update", "data-lake", "--endpoint-url", "http://127.0.0.1:9",
                "--aws-allow-unsafe-html", "true", "--secrets-stdin", stdin=secrets)
        )
        assert updated["endpoint_url"] == "http://127.0.0.1:9"
        checks += 1

        assert json.loads(run(binary, home, "connections", "rename", "data-lake", "lake"))["connection_name"] == "lake"
        # The TLS + IAM emulator checks every signature, so a connection test
        # there proves which secret the store opens.
        endpoint, key_id, secret = secure_emulator()
        for name, key in (("secure", secret), ("wrong-secret", secret[::-1])):
            run(binary, home, "connections", "create", name, "--auth-method", "access_key",
                "--aws-access-key-id", key_id, "--aws-region", "us-east-1", "--endpoint-url", endpoint,
                "--aws-allow-unsafe-html", "true", "--secrets-stdin",
                stdin=json.dumps({"aws_secret_access_key": key}))
        assert json.loads(run(binary, home, "connections", "test", "secure"))["ok"] is True
        assert "Access denied" in run(binary, home, "connections", "test", "wrong-secret", expect=5)
        run(binary, home, "keys", "rotate")
        # After the rotation every secret still opens, to the value it held.
        tested = json.loads(run(binary, home, "connections", "test", "secure"))
        assert tested["ok"] is True, tested
        assert "Access denied" in run(binary, home, "connections", "test", "wrong-secret", expect=5)
        refused = run(binary, home, "connections", "test", "lake", expect=6)
        # The engine's remedy (check endpoint_url), said as the command line's flag.
        assert "Invalid endpoint" in refused and "Check the connection's --endpoint-url." in refused, refused
        # Without the plain-HTTP/unverified-TLS opt-in the self-signed emulator is refused (7).
        run(binary, home, "connections", "update", "secure", "--aws-allow-unsafe-html", "false",
            "--secrets-stdin", stdin=json.dumps({"aws_secret_access_key": secret}))
        untrusted = run(binary, home, "connections", "test", "secure", expect=7)
        assert "SSL verification failed" in untrusted and "pass --aws-allow-unsafe-html true" in untrusted, untrusted
        # A secret whose stored envelope was altered is reported, never used (8).
        tamper_secrets(home, "secure")
        assert "failed authentication" in run(binary, home, "connections", "test", "secure", expect=8)
        for name in ("secure", "wrong-secret"):
            run(binary, home, "connections", "delete", name)
        names = [c["connection_name"] for c in json.loads(run(binary, home, "connections", "list"))]
        assert names == ["lake"], names
        run(binary, home, "connections", "delete", "lake")
        run(binary, home, "connections", "delete", "lake", expect=3)
        checks += 1

        for name in os.listdir(home):
            with open(os.path.join(home, name), "rb") as stored:
                assert CANARY.encode() not in stored.read(), f"canary in {name}"
        checks += 1
    leaked = [text for text in outputs if CANARY in text]
    assert not leaked, "canary secret printed"
    checks += 1
    print(f"cli_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
