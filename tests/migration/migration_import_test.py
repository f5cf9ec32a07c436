"""`flowfile import flowfile-db` on a database made by the registry's Flowfile.

The registry's `flowfile` (upstream_venv.PIN) runs in its own venv with HOME
and its key store in a temporary folder, and makes cloud storage connections
through its own Python API, with canary secrets and, for one S3 connection,
the real key of the moto-secure IAM server. Then our CLI imports them and
this checks: the public fields arrive; the secrets open to the exact values
(stored_secret_check compares them without printing them, and the real S3 key
passes `connections test` against moto-secure); a wrong key or a missing
variable is a typed error that imports nothing; a second run skips every
name; the upstream database's bytes are unchanged; no canary is ever printed.

Usage: migration_import_test.py FLOWFILE_BINARY STORED_SECRET_CHECK BUILD_DIR
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from upstream_venv import ensure_venv

HERE = Path(__file__).resolve().parent
TAG = secrets.token_hex(6)
CANARIES = {
    "s3_key": f"CANARY-s3-{TAG}-wJalrXUtnFEMI",
    "azure_key": base64.b64encode(f"CANARY-azure-key-{TAG}".encode()).decode(),
    "client_secret": f"CANARY-client-secret-{TAG}",
    "sas": f"sv=2024-01-01&ss=b&srt=co&sp=rl&sig=CANARYsas{TAG}%2B",
    "gcs": json.dumps({"type": "service_account", "project_id": "p", "private_key_id": f"CANARY-gcs-{TAG}",
                       "private_key": f"-----BEGIN PRIVATE KEY-----\nCANARY{TAG}\n-----END PRIVATE KEY-----\n",
                       "client_email": "svc@p.iam.gserviceaccount.com", "client_id": "1"}),
}
outputs: list[str] = []
checks = 0


def passed() -> None:
    global checks
    checks += 1


def upstream_connections(moto: dict[str, str]) -> list[dict[str, object]]:
    """What upstream's API is asked to make: every storage type, several auth methods."""
    return [
        {"connection_name": "s3-moto", "storage_type": "s3", "auth_method": "access_key", "aws_region": "us-east-1",
         "aws_access_key_id": moto["key_id"], "aws_secret_access_key": moto["secret"],
         "endpoint_url": moto["endpoint"], "verify_ssl": False},
        {"connection_name": "s3-canary", "storage_type": "s3", "auth_method": "access_key",
         "aws_region": "eu-west-1", "aws_access_key_id": "AKIACANARYID", "aws_secret_access_key": CANARIES["s3_key"]},
        {"connection_name": "s3-cli", "storage_type": "s3", "auth_method": "aws-cli", "aws_region": "us-east-2"},
        {"connection_name": "adls-key", "storage_type": "adls", "auth_method": "access_key",
         "azure_account_name": "canaryaccount", "azure_account_key": CANARIES["azure_key"]},
        {"connection_name": "adls-sas", "storage_type": "adls", "auth_method": "sas_token",
         "azure_account_name": "canaryaccount", "azure_sas_token": CANARIES["sas"]},
        {"connection_name": "adls-sp", "storage_type": "adls", "auth_method": "service_principal",
         "azure_account_name": "canaryaccount", "azure_tenant_id": "tenant-1", "azure_client_id": "client-1",
         "azure_client_secret": CANARIES["client_secret"]},
        {"connection_name": "gcs-sa", "storage_type": "gcs", "auth_method": "service_account",
         "gcs_project_id": "canary-project", "gcs_service_account_key": CANARIES["gcs"]},
        # Upstream stores any pair; ours has no aws-cli for Azure.
        {"connection_name": "adls-aws-cli", "storage_type": "adls", "auth_method": "aws-cli",
         "azure_account_name": "canaryaccount"},
        {"connection_name": "taken", "storage_type": "s3", "auth_method": "access_key", "aws_region": "us-east-1",
         "aws_access_key_id": "AKIATAKEN", "aws_secret_access_key": CANARIES["s3_key"] + "-taken"},
    ]


def make_upstream(python: Path, home: Path, connections: list[dict[str, object]]) -> dict[str, object]:
    # Upstream's defaults: importing its package selects its desktop mode,
    # which keeps the key in ~/.config/flowfile and the database in ~/.flowfile.
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TMPDIR": str(home),
           "AWS_EC2_METADATA_DISABLED": "true"}
    run = subprocess.run([str(python), str(HERE / "make_upstream_db.py")], input=json.dumps(connections),
                         capture_output=True, text=True, env=env, cwd=home, timeout=300, check=False)
    assert run.returncode == 0, f"upstream Flowfile failed: {run.stderr[-2000:]}"
    return json.loads(run.stdout.strip().splitlines()[-1])


class Cli:
    """Our flowfile command over a temporary data directory, HOME being upstream's."""

    def __init__(self, binary: str, home: Path, upstream_home: Path) -> None:
        self.binary = binary
        self.env = dict(os.environ, FLOWFILE_HOME=str(home), HOME=str(upstream_home))
        for name in ("FLOWFILE_MASTER_KEY", "FLOWFILE_SECURE_STORAGE_PATH", "SECURE_STORAGE_PATH", "APPDATA"):
            self.env.pop(name, None)

    def run(self, *args: str, expect: int = 0, env: dict[str, str] | None = None) -> str:
        """Stdout of a run that must exit `expect` (stderr when it is not 0); every output is kept."""
        result = subprocess.run([self.binary, *args], capture_output=True, text=True, env={**self.env, **(env or {})},
                                timeout=120, check=False)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
        return result.stdout if expect == 0 else result.stderr

    def names(self) -> list[str]:
        """Our connection names."""
        return [c["connection_name"] for c in json.loads(self.run("connections", "list", "--output", "json"))]


def folder_state(folder: Path) -> dict[str, str]:
    """Each file of the upstream database's folder and the sha256 of its bytes.

    Upstream's database is in WAL mode, and its -wal file may still hold the
    newest rows; the -shm beside it is SQLite's shared-memory index, where
    every reader, read-only ones too, takes its read locks, so it is left
    out: the database and its -wal must not change by one byte.
    """
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.name.endswith("-shm")}


def main(binary: str, checker: str, build: str) -> None:
    moto = {"endpoint": os.environ.get("FLOWFILE_TEST_S3_SECURE_ENDPOINT"),
            "key_id": os.environ.get("FLOWFILE_TEST_S3_SECURE_KEY_ID"),
            "secret": os.environ.get("FLOWFILE_TEST_S3_SECURE_SECRET")}
    assert all(moto.values()), "needs moto-secure: run through scripts/test (FLOWFILE_TEST_S3_SECURE_*)"
    started = time.monotonic()
    python = ensure_venv(Path(build))
    print(f"upstream venv ready in {time.monotonic() - started:.1f} s", flush=True)
    connections = upstream_connections(moto)  # type: ignore[arg-type]

    with tempfile.TemporaryDirectory() as upstream_folder, tempfile.TemporaryDirectory() as our_folder:
        upstream_home = Path(upstream_folder)
        made = make_upstream(python, upstream_home, connections)
        database = Path(str(made["database"]))
        key_file = str(made["key_file"])
        assert made["names"] == sorted(c["connection_name"] for c in connections), made["names"]
        before = folder_state(database.parent)
        assert database.name in before, before
        cli = Cli(binary, Path(our_folder), upstream_home)
        cli.run("connections", "create", "taken", "--storage-type", "gcs", "--auth-method", "env_vars")

        # A wrong key: a typed error (access denied, exit 5) naming the key; nothing imported.
        wrong_dir = Path(our_folder) / "wrong"
        wrong_dir.mkdir()
        (wrong_dir / "master.key").write_text(base64.urlsafe_b64encode(os.urandom(32)).decode() + "\n")
        message = cli.run("import", "flowfile-db", str(database), "--key-file", str(wrong_dir / "master.key"),
                          expect=5)
        assert "does not open the secrets" in message and "nothing was imported" in message, message
        assert cli.names() == ["taken"]
        passed()
        message = cli.run("import", "flowfile-db", str(database), "--key-from-env", "UPSTREAM_KEY_UNSET", expect=2)
        assert "UPSTREAM_KEY_UNSET" in message, message
        message = cli.run("import", "flowfile-db", str(upstream_home / "missing.db"), expect=3)
        assert "missing.db" in message, message
        assert cli.names() == ["taken"]
        passed()

        # The import, with upstream's key found where upstream keeps it (no option).
        report = json.loads(cli.run("import", "flowfile-db", str(database), "--output", "json"))
        assert report["key_source"] == key_file, report
        imported = {c["connection_name"] for c in report["imported"]}
        skipped = {c["connection_name"]: c["reason"] for c in report["skipped"]}
        assert imported == {"s3-moto", "s3-canary", "s3-cli", "adls-key", "adls-sas", "adls-sp", "gcs-sa"}, report
        assert set(skipped) == {"adls-aws-cli", "taken"}, report
        assert "exists already" in skipped["taken"], skipped
        assert "auth method 'aws-cli' is not supported for adls" in skipped["adls-aws-cli"], skipped
        passed()

        listed = {c["connection_name"]: c for c in json.loads(cli.run("connections", "list", "--output", "json"))}
        for wanted in connections:
            name = str(wanted["connection_name"])
            if name not in imported:
                continue
            got = listed[name]
            for field, value in wanted.items():
                if field in {"connection_name", "storage_type", "auth_method", "aws_region", "aws_access_key_id",
                             "azure_account_name", "azure_tenant_id", "azure_client_id", "gcs_project_id",
                             "endpoint_url", "verify_ssl"}:
                    assert got[field] == value, (name, field, got[field], value)
                elif field not in {"connection_name"}:
                    assert field in got["secrets_set"], (name, field, got["secrets_set"])
        assert listed["taken"]["storage_type"] == "gcs", "an existing connection was overwritten"
        passed()

        # The secrets open to the exact values: compared inside a tool that prints only true/false...
        expected = {str(c["connection_name"]): {k: str(v) for k, v in c.items() if k.startswith(
            ("aws_secret", "azure_account_key", "azure_client_secret", "azure_sas", "gcs_service"))}
            for c in connections if c["connection_name"] in imported}
        expected = {name: fields for name, fields in expected.items() if fields}
        assert listed["s3-cli"]["secrets_set"] == [], listed["s3-cli"]
        check = subprocess.run([checker, our_folder], input=json.dumps(expected), capture_output=True, text=True,
                               env=cli.env, timeout=60, check=False)
        outputs.extend([check.stdout, check.stderr])
        assert check.returncode == 0, check.stderr
        verdicts = json.loads(check.stdout)
        assert all(all(fields.values()) for fields in verdicts.values()) and len(verdicts) == len(expected), verdicts
        # ... and the real S3 key works against moto's IAM checks.
        assert json.loads(cli.run("connections", "test", "s3-moto", "--output", "json"))["ok"] is True
        passed()

        # A second import skips every name, and says so in the table too.
        again = json.loads(cli.run("import", "flowfile-db", str(database), "--key-file", key_file, "--output", "json"))
        assert again["imported"] == [] and len(again["skipped"]) == len(connections), again
        table = cli.run("import", "flowfile-db", str(database), "--key-from-env", "UPSTREAM_KEY", "--output", "table",
                        env={"UPSTREAM_KEY": "x" * 44}, expect=2)
        assert "UPSTREAM_KEY" in table, table
        text = cli.run("import", "flowfile-db", str(database), "--output", "table")
        assert "Imported 0 of 9" in text and "exists already" in text, text
        passed()

        # The same use case from Python (embedded mode), into another store.
        python_home = Path(our_folder) / "python-home"
        script = ("import json, sys, flowfile as ff\n"
                  "try:\n"
                  "    ff.import_flowfile_db(sys.argv[1], key_file=sys.argv[3])\n"
                  "except ff.AccessDeniedError as error:\n"
                  "    print('refused', error.field)\n"
                  "print(json.dumps(ff.import_flowfile_db(sys.argv[1], key_file=sys.argv[2])))\n")
        env = {k: v for k, v in cli.env.items() if not k.startswith("FLOWFILE_API")}
        home_relative = f"~/{database.relative_to(upstream_home)}"  # as a user writes it; HOME is upstream's
        result = subprocess.run([sys.executable, "-c", script, home_relative, key_file, str(wrong_dir / "master.key")],
                                capture_output=True, text=True, env={**env, "FLOWFILE_HOME": str(python_home)},
                                timeout=120, check=False)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == 0, result.stderr
        refused, report_line = result.stdout.strip().splitlines()
        assert refused == "refused key", refused
        from_python = json.loads(report_line)
        assert {c["connection_name"] for c in from_python["imported"]} == imported | {"taken"}, from_python
        passed()

        # The upstream database and everything beside it are byte for byte as they were.
        after = folder_state(database.parent)
        assert after == before, f"the upstream database folder changed: {before} -> {after}"
        passed()

    leaked = [name for name, canary in CANARIES.items() for text in outputs if canary in text]
    leaked += ["moto secret" for text in outputs if moto["secret"] in text]  # type: ignore[operator]
    assert not leaked, f"secrets printed: {sorted(set(leaked))}"
    passed()
    print(f"{checks} passed, 0 failed")


if __name__ == "__main__":
    main(*sys.argv[1:4])
