"""The PostgreSQL store's password stays out of the process list.

`flowfile serve` refuses a password in `--database-url` (every user of the
machine reads a process's arguments); it takes the whole URL from a
variable it is told to read (`--database-url-from-env`), and a URL without
a password lets libpq find it in PGPASSWORD or a password file, as
PostgreSQL's own tools do. The test cluster of scripts/services/postgres
asks for a password (scram-sha-256), so a connection that works had one.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from flowfile_server import Contract, Server, flowfile_binary


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A fresh database of the test cluster (URL with password), dropped after."""
    admin_url = os.environ.get("FLOWFILE_TEST_POSTGRES_URL", "")
    if not admin_url:
        if os.environ.get("CI") == "true":
            pytest.fail("FLOWFILE_TEST_POSTGRES_URL is not set under CI")
        pytest.skip("no FLOWFILE_TEST_POSTGRES_URL: run under scripts/test")
    name = f"flowfile_url_{uuid.uuid4().hex[:10]}"
    psql = ["psql", admin_url, "-q", "-c"]
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    subprocess.run(
        [*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
        check=True,
        capture_output=True,
    )


def _without_password(url: str) -> tuple[str, str]:
    """The URL with its password taken out, and the password."""
    parts = urlsplit(url)
    assert parts.password, "the test cluster's URL carries a password"
    bare = parts._replace(netloc=f"{parts.username}@{parts.hostname}:{parts.port}")
    return bare.geturl(), unquote(parts.password)


# One key for the module's database: the first server seals its key check with it.
MASTER_KEY = base64.b64encode(secrets.token_bytes(32)).decode()


def _master_key() -> dict[str, str]:
    return {"FLOWFILE_MASTER_KEY": MASTER_KEY}


def _serves_postgresql(server: Server, password: str) -> None:
    try:
        assert server.client().get("/api/health").json()["store"] == "postgresql"
        arguments = Path(f"/proc/{server.process.pid}/cmdline").read_bytes()
        assert password.encode() not in arguments, "the password is in its arguments"
    finally:
        assert server.stop() == 0


def test_the_url_comes_whole_from_a_named_variable(
    contract: Contract, database: str
) -> None:
    _, password = _without_password(database)
    env = {**_master_key(), "STORE_URL": database}
    server = Server(
        contract,
        auth="accounts",
        extra_env=env,
        extra_args=["--database-url-from-env", "STORE_URL"],
    )
    _serves_postgresql(server, password)


@pytest.mark.parametrize("source", ["PGPASSWORD", "PGPASSFILE"])
def test_libpq_finds_the_password_of_a_url_without_one(
    contract: Contract, database: str, tmp_path: Path, source: str
) -> None:
    bare, password = _without_password(database)
    env = _master_key()
    if source == "PGPASSWORD":
        env["PGPASSWORD"] = password
    else:
        passfile = tmp_path / "pgpass"
        passfile.write_text(f"*:*:*:*:{password}\n")
        passfile.chmod(0o600)  # libpq ignores a file that others may read
        env["PGPASSFILE"] = str(passfile)
    server = Server(
        contract, auth="accounts", extra_env=env, extra_args=["--database-url", bare]
    )
    _serves_postgresql(server, password)


def test_a_password_on_the_command_line_is_refused_before_anything_is_made(
    database: str, tmp_path: Path
) -> None:
    _, password = _without_password(database)
    home = tmp_path / "home"
    refused = subprocess.run(
        [flowfile_binary(), "serve", "--auth", "accounts", "--database-url", database],
        env={**os.environ, **_master_key(), "FLOWFILE_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2, refused.stderr
    assert "--database-url-from-env" in refused.stderr
    assert password not in refused.stdout + refused.stderr
    assert not home.exists(), "nothing may be created for a refused command line"
