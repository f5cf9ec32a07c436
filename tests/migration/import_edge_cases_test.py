"""`flowfile import flowfile-db` on hand-made upstream databases.

These are the cases upstream's own API does not make in a fresh installation.

Secrets are sealed here with Python's `cryptography` exactly as upstream's
secret_manager does (its HKDF per-user scheme, and the older bare tokens
under the master key). Checks: several upstream users need --upstream-user;
a legacy secret opens; a Docker-style key file (the master key itself) and
--key-from-env work; fields an auth method does not use are left behind by
name; a damaged or missing secret skips only its connection; a database
without secrets needs no key; no secret is printed.

Usage: import_edge_cases_test.py FLOWFILE_BINARY STORED_SECRET_CHECK
"""

from __future__ import annotations

import base64
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MASTER = Fernet.generate_key().decode()
CANARY = f"CANARY-edge-{os.urandom(6).hex()}"
outputs: list[str] = []
checks = 0

SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT);
CREATE TABLE secrets (id INTEGER PRIMARY KEY, name TEXT, encrypted_value TEXT, iv TEXT, user_id INTEGER);
CREATE TABLE cloud_storage_connections (id INTEGER PRIMARY KEY, connection_name TEXT, storage_type TEXT,
  auth_method TEXT, aws_region TEXT, aws_access_key_id TEXT, aws_secret_access_key_id INTEGER,
  aws_session_token_id INTEGER, aws_role_arn TEXT, aws_allow_unsafe_html BOOLEAN, azure_account_name TEXT,
  azure_account_key_id INTEGER, azure_tenant_id TEXT, azure_client_id TEXT, azure_client_secret_id INTEGER,
  azure_sas_token_id INTEGER, gcs_service_account_key_id INTEGER, gcs_project_id TEXT, endpoint_url TEXT,
  extra_config TEXT, verify_ssl BOOLEAN, user_id INTEGER, created_at DATETIME, updated_at DATETIME);
"""


def passed() -> None:
    global checks
    checks += 1


def seal(value: str, user_id: int | None) -> str:
    """Upstream's encrypt_secret (per-user, $ffsec$1$) or, for None, its legacy bare token."""
    if user_id is None:
        return Fernet(MASTER.encode()).encrypt(value.encode()).decode()
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"flowfile-secrets-v1", info=f"user-{user_id}".encode())
    key = base64.urlsafe_b64encode(hkdf.derive(MASTER.encode()))
    return f"$ffsec$1${user_id}${Fernet(key).encrypt(value.encode()).decode()}"


def make_database(path: Path, users: list[str], rows: list[dict[str, object]]) -> None:
    """Rows name their secrets as {"aws_secret_access_key": (value, sealing user or None)} or a raw string."""
    db = sqlite3.connect(path)
    db.executescript(SCHEMA)
    for number, name in enumerate(users, start=1):
        db.execute("INSERT INTO users VALUES (?, ?)", (number, name))
    secret_id = 100
    for row in rows:
        fields = dict(row)
        for field, sealed in dict(fields.pop("secrets", {})).items():  # type: ignore[arg-type]
            secret_id += 1
            text = sealed if isinstance(sealed, str) else seal(*sealed)
            if text != "MISSING":
                db.execute("INSERT INTO secrets VALUES (?, ?, ?, '', ?)", (secret_id, field, text, fields["user_id"]))
            fields[f"{field}_id"] = secret_id
        columns = ", ".join(fields)
        db.execute(f"INSERT INTO cloud_storage_connections ({columns}) VALUES ({', '.join('?' * len(fields))})",
                   list(fields.values()))
    db.commit()
    db.close()


def run(binary: str, home: str, *args: str, expect: int = 0, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([binary, *args], capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "FLOWFILE_HOME": home, "HOME": home, **(env or {})})
    outputs.extend([result.stdout, result.stderr])
    assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
    return result.stdout if expect == 0 else result.stderr


def s3(name: str, user_id: int, **extra: object) -> dict[str, object]:
    return {"connection_name": name, "storage_type": "s3", "auth_method": "access_key", "aws_region": "us-east-1",
            "aws_access_key_id": "AKIAEDGE", "user_id": user_id, **extra}


def main(binary: str, checker: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        key_file = root / "flowfile_master_key"  # Docker's secret file: the master key itself
        key_file.write_text(MASTER + "\n")

        # Several users with connections and no local_user: the user must be named.
        many = root / "many.db"
        make_database(many, ["alice", "bob"], [
            s3("alice-s3", 1, secrets={"aws_secret_access_key": (CANARY + "-alice", 1)}),
            s3("bob-s3", 2, secrets={"aws_secret_access_key": (CANARY + "-bob", 2)}),
        ])
        home = str(root / "home-many")
        message = run(binary, home, "import", "flowfile-db", str(many), "--key-file", str(key_file), expect=2)
        assert "alice" in message and "bob" in message, message
        message = run(binary, home, "import", "flowfile-db", str(many), "--key-file", str(key_file),
                      "--upstream-user", "carol", expect=3)
        assert "carol" in message, message
        report = json.loads(run(binary, home, "import", "flowfile-db", str(many), "--key-file", str(key_file),
                                "--upstream-user", "bob", "--output", "json"))
        assert [c["connection_name"] for c in report["imported"]] == ["bob-s3"], report
        assert report["upstream_user"] == "bob" and report["key_source"] == str(key_file), report
        passed()

        # Legacy tokens, left-behind fields, a damaged and a missing secret, from an env variable.
        mixed = root / "mixed.db"
        make_database(mixed, ["local_user"], [
            s3("legacy", 1, secrets={"aws_secret_access_key": (CANARY + "-legacy", None)}),
            {"connection_name": "adls-extra", "storage_type": "adls", "auth_method": "access_key",
             "azure_account_name": "acct", "aws_region": "us-east-1", "extra_config": '{"x": 1}', "user_id": 1,
             "secrets": {"azure_account_key": (base64.b64encode(CANARY.encode()).decode(), 1)}},
            s3("damaged", 1, secrets={"aws_secret_access_key": "$ffsec$1$1$not-a-token"}),
            s3("missing", 1, secrets={"aws_secret_access_key": "MISSING"}),
        ])
        home = str(root / "home-mixed")
        report = json.loads(run(binary, home, "import", "flowfile-db", str(mixed), "--key-from-env", "OLD_KEY",
                                "--output", "json", env={"OLD_KEY": f'"{MASTER}"'}))
        imported = {c["connection_name"]: c.get("note", "") for c in report["imported"]}
        skipped = {c["connection_name"]: c["reason"] for c in report["skipped"]}
        assert set(imported) == {"legacy", "adls-extra"}, report
        assert imported["adls-extra"] == "left behind (unused by this auth method): aws_region, extra_config", imported
        assert "neither of Flowfile's formats" in skipped["damaged"], skipped
        assert "missing from the database" in skipped["missing"], skipped
        assert report["key_source"] == "environment variable OLD_KEY", report
        expected = {"legacy": {"aws_secret_access_key": CANARY + "-legacy"},
                    "adls-extra": {"azure_account_key": base64.b64encode(CANARY.encode()).decode()}}
        check = subprocess.run([checker, home], input=json.dumps(expected), capture_output=True, text=True,
                               timeout=60, check=False)
        outputs.extend([check.stdout, check.stderr])
        assert json.loads(check.stdout) == {n: {f: True for f in v} for n, v in expected.items()}, check.stdout
        shown = json.loads(run(binary, home, "connections", "show", "adls-extra", "--output", "json"))
        assert shown["aws_region"] == "" and shown["azure_account_name"] == "acct", shown
        passed()

        # Default places: a broken key in one (upstream's server place) is passed over for
        # the one that opens the secrets (its desktop place, under HOME).
        home = str(root / "home-default")
        desktop = Path(home) / ".config" / "flowfile"
        desktop.mkdir(parents=True)
        store_key = Fernet.generate_key()
        (desktop / ".secret_key").write_bytes(store_key)
        sealed_master = Fernet(store_key).encrypt(json.dumps({"master_key": MASTER}).encode())
        (desktop / "flowfile.json.enc").write_bytes(sealed_master)
        broken = root / "broken-storage"
        broken.mkdir()
        (broken / ".secret_key").write_text("not a key")
        report = json.loads(run(binary, home, "import", "flowfile-db", str(mixed), "--output", "json",
                                env={"SECURE_STORAGE_PATH": str(broken), "FLOWFILE_SECURE_STORAGE_PATH": "",
                                     "APPDATA": ""}))
        assert report["key_source"] == str(desktop / ".secret_key"), report
        assert {c["connection_name"] for c in report["imported"]} == {"legacy", "adls-extra"}, report
        passed()

        # A key that is not a Fernet key is named, never quoted.
        message = run(binary, home, "import", "flowfile-db", str(mixed), "--key-from-env", "OLD_KEY", expect=2,
                      env={"OLD_KEY": CANARY})
        assert "OLD_KEY" in message and "Fernet" in message, message
        passed()

        # No secrets: no key needed, none looked for.
        plain = root / "plain.db"
        make_database(plain, ["local_user"], [
            {"connection_name": "cli", "storage_type": "s3", "auth_method": "aws-cli", "user_id": 1}])
        report = json.loads(run(binary, str(root / "home-plain"), "import", "flowfile-db", str(plain), "--key-file",
                                str(root / "absent"), "--output", "json"))
        assert [c["connection_name"] for c in report["imported"]] == ["cli"] and report["key_source"] == "", report
        passed()

        # Python's import_flowfile_db runs in embedded mode only: a client of a server is refused.
        script = ("import sys, flowfile as ff\n"
                  "try:\n"
                  "    ff.import_flowfile_db(sys.argv[1])\n"
                  "except ff.InvalidArgumentError as error:\n"
                  "    print(error.field, error)\n")
        result = subprocess.run([sys.executable, "-c", script, str(plain)], capture_output=True, text=True,
                                timeout=60, check=False,
                                env={**os.environ, "FLOWFILE_HOME": str(root / "home-py"), "HOME": str(root),
                                     "FLOWFILE_API_URL": "http://127.0.0.1:9", "FLOWFILE_API_TOKEN": "token"})
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == 0 and result.stdout.startswith("path ") and "embedded mode only" in result.stdout, (
            result.stdout, result.stderr)
        assert not (root / "home-py").exists(), "the refused import opened a store"
        passed()

    leaked = [text for text in outputs if CANARY in text or MASTER in text]
    assert not leaked, f"a secret was printed: {len(leaked)} outputs"
    passed()
    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:3])
