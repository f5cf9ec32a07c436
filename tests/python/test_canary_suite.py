"""The canary suite: no 12 characters of any planted secret ever come back out.

Distinctive secrets of every kind, planted through every front end, never
show, not even in part (issue 14 point 11).

Planted: an S3 secret key and session token, an Azure account key, a SAS
token's signature, a service principal's client secret, a GCS service
account key (its private key and key id), account passwords, an API token
and a PostgreSQL URL password. Each is planted through Python, the server's
API and the CLI, and driven down error paths (connection tests, listings,
scans, writes, previews, a refused database) with every SDK at its most
verbose: the AWS SDK at Trace (initialised by the host, as pyarrow does),
the Azure SDK's AZURE_LOG_LEVEL=verbose and Google Cloud C++'s tracing on
standard error. flowfile has no log level of its own to raise. Searched:
standard output and error of every process, every HTTP response body and
header, the Python exceptions' str, repr and traceback, and every file the
data directory holds afterwards (the store with its WAL and shared memory).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pytest
import requests

from conftest import Server, flowfile_binary, package_paths, setup_code

WINDOW = 12
VERBOSE = {
    "AZURE_LOG_LEVEL": "verbose",
    "GOOGLE_CLOUD_CPP_ENABLE_TRACING": "http,raw-client,rpc,rpc-streams,auth",
    "GOOGLE_CLOUD_CPP_ENABLE_CLOG": "yes",
}


def _random(prefix: str, size: int = 18) -> str:
    return prefix + secrets.token_hex(size)


def planted() -> dict[str, str]:
    """Fresh canaries, each random enough that no 12 of its characters occur by chance."""
    key_body = base64.b64encode(secrets.token_bytes(96)).decode()
    return {
        "s3_secret": _random("S3S"),
        "s3_token": _random("S3T"),
        "azure_key": base64.b64encode(secrets.token_bytes(64)).decode(),
        "sas_sig": base64.b64encode(secrets.token_bytes(32)).decode().replace("+", "-").replace("/", "_"),
        "client_secret": _random("SPC"),
        "gcs_private_key": key_body,
        "gcs_key_id": secrets.token_hex(20),
        "password": _random("PW"),
        "pg_password": _random("PG"),
    }


def connections(canary: dict[str, str]) -> list[dict[str, object]]:
    """One connection of every secret-holding kind, aimed at the emulators (or at nothing)."""
    s3 = os.environ["FLOWFILE_TEST_S3_ENDPOINT"]
    azure = os.environ["FLOWFILE_TEST_AZURE_ENDPOINT"]
    gcs = os.environ["FLOWFILE_TEST_GCS_ENDPOINT"]
    key = {
        "type": "service_account",
        "project_id": "canary",
        "private_key_id": canary["gcs_key_id"],
        "private_key": "-----BEGIN PRIVATE KEY-----\n" + canary["gcs_private_key"] + "\n-----END PRIVATE KEY-----\n",
        "client_email": "canary@canary.iam.gserviceaccount.com",
        "token_uri": "http://127.0.0.1:1/token",
    }
    return [
        {
            "connection_name": "c-s3",
            "storage_type": "s3",
            "auth_method": "access_key",
            "aws_region": "us-east-1",
            "aws_access_key_id": "AKIACANARY",
            "aws_secret_access_key": canary["s3_secret"],
            "aws_session_token": canary["s3_token"],
            "endpoint_url": s3,
            "aws_allow_unsafe_html": True,
        },
        {
            "connection_name": "c-s3-closed",
            "storage_type": "s3",
            "auth_method": "access_key",
            "aws_region": "us-east-1",
            "aws_access_key_id": "AKIACANARY",
            "aws_secret_access_key": canary["s3_secret"],
            "aws_session_token": canary["s3_token"],
            "endpoint_url": "http://127.0.0.1:1",
            "aws_allow_unsafe_html": True,
        },
        {
            "connection_name": "c-azure-key",
            "storage_type": "adls",
            "auth_method": "access_key",
            "azure_account_name": "devstoreaccount1",
            "azure_account_key": canary["azure_key"],
            "endpoint_url": azure,
            "verify_ssl": False,
        },
        {
            "connection_name": "c-azure-sas",
            "storage_type": "adls",
            "auth_method": "sas_token",
            "azure_account_name": "devstoreaccount1",
            "endpoint_url": azure,
            "verify_ssl": False,
            "azure_sas_token": "?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2030-01-01T00:00:00Z&sig="
            + canary["sas_sig"].replace("=", "%3D"),
        },
        {
            "connection_name": "c-azure-sp",
            "storage_type": "adls",
            "auth_method": "service_principal",
            "azure_account_name": "devstoreaccount1",
            "azure_tenant_id": "canary-tenant",
            "azure_client_id": "canary-client",
            "azure_client_secret": canary["client_secret"],
        },
        {
            "connection_name": "c-gcs",
            "storage_type": "gcs",
            "auth_method": "service_account",
            "gcs_project_id": "canary",
            "gcs_service_account_key": json.dumps(key),
            "endpoint_url": gcs,
            "verify_ssl": False,
        },
    ]


# Where each connection is driven: a path that exists nowhere, so every call fails.
PATHS = {
    "c-s3": "s3://no-such-bucket-canary/x.parquet",
    "c-s3-closed": "s3://bucket/x.parquet",
    "c-azure-key": "abfs://nothing@devstoreaccount1.dfs.core.windows.net/x.parquet",
    "c-azure-sas": "abfs://nothing@devstoreaccount1.dfs.core.windows.net/x.parquet",
    "c-gcs": "gs://no-such-bucket-canary/x.parquet",
}


def _arrow_rows() -> bytes:
    import io

    import pyarrow as pa
    import pyarrow.ipc as ipc

    sink = io.BytesIO()
    with ipc.new_stream(sink, pa.schema([("id", pa.int64())])) as writer:
        writer.write_table(pa.table({"id": [1, 2]}))
    return sink.getvalue()


ARROW_ROWS = _arrow_rows()


def leaks(canary: dict[str, str], sources: Iterable[tuple[str, str | bytes]]) -> list[str]:
    """Which source holds which secret, by any WINDOW characters of it."""
    found = []
    for where, text in sources:
        data = text.encode(errors="replace") if isinstance(text, str) else text
        for kind, value in canary.items():
            raw = value.encode()
            for start in range(len(raw) - WINDOW + 1):
                if raw[start : start + WINDOW] in data:
                    found.append(f"{kind} in {where}")
                    break
    return found


def home_files(home: Path) -> list[tuple[str, bytes]]:
    return [(f"file {path.name}", path.read_bytes()) for path in home.rglob("*") if path.is_file()]


PYTHON_FRONT_END = textwrap.dedent(
    """
    import json, sys, traceback
    import pyarrow as pa
    import pyarrow.fs as pafs

    pafs.initialize_s3(pafs.S3LogLevel.Trace)  # the host raises the SDK's level before flowfile
    import flowfile as ff

    connections, paths = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    def show(what):
        print(what, repr(what), flush=True)
    def attempt(call):
        try:
            show(call())
        except Exception as error:
            print(str(error), repr(error), "".join(traceback.format_exception(error)), flush=True)
    for fields in connections:
        model = ff.FullCloudStorageConnection(**fields)
        show(model); show(model.model_dump()); show(model.model_dump_json())
        ff.create_cloud_storage_connection(model)
        attempt(lambda: ff.create_cloud_storage_connection(model))  # already exists
        name = fields["connection_name"]
        attempt(lambda: ff.test_cloud_storage_connection(name, paths.get(name, "")))
        path = paths.get(name)
        if path:
            attempt(lambda: ff.scan_parquet_from_cloud_storage(path, connection_name=name).collect())
            attempt(lambda: ff.read_from_cloud_storage(path, file_format="csv", connection_name=name).collect())
            rows = pa.table({"id": [1, 2]})
            attempt(lambda: ff.write_parquet_to_cloud_storage(rows, path, connection_name=name))
            table = path.rsplit("/", 1)[0] + "/table"
            for mode in ("upsert", "update", "delete"):
                attempt(lambda: ff.write_to_cloud_storage(
                    rows, table, file_format="delta", connection_name=name, write_mode=mode, merge_keys=["id"]))
            attempt(lambda: ff.write_to_cloud_storage(
                rows, table, file_format="delta", connection_name=name, write_mode="append", track_changes=True))
            attempt(lambda: ff.delta_history(table, connection_name=name))
    show(ff.get_all_available_cloud_storage_connections())
    print("FRONT-END-DONE", flush=True)
    """
)


def test_python_front_end_never_shows_a_secret(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    canary = planted()
    home = tmp_path / "home"
    env = dict(os.environ, **VERBOSE, FLOWFILE_HOME=str(home), PYTHONPATH=os.pathsep.join(package_paths()))
    env.pop("FLOWFILE_MASTER_KEY", None)
    completed = subprocess.run(
        [sys.executable, "-c", PYTHON_FRONT_END, json.dumps(connections(canary)), json.dumps(PATHS)],
        env=env,
        timeout=300,
        check=False,
    )
    out, err = capfd.readouterr()
    assert completed.returncode == 0, err[-3000:]
    assert "FRONT-END-DONE" in out
    # The error paths were reached, with the SDKs talking: a silent run proves nothing.
    assert "ok=False" in out
    assert "[TRACE]" in out + err, "the AWS SDK's trace output is missing"
    assert "x-ms-version" in out + err, "the Azure SDK's verbose log of requests is missing"
    assert "GCS request for gs://" in out, "the GCS connection never reached its error path"
    assert not leaks(canary, [("stdout", out), ("stderr", err), *home_files(home)])


def _cli(binary: Path, env: dict[str, str], outputs: list[tuple[str, str]], *args: str, stdin: str = "") -> int:
    result = subprocess.run([str(binary), *args], input=stdin, capture_output=True, text=True, env=env, timeout=180)
    outputs.append((f"cli {' '.join(args)} stdout", result.stdout))
    outputs.append((f"cli {' '.join(args)} stderr", result.stderr))
    return result.returncode


CLI_SECRET_FIELDS = (
    "aws_secret_access_key",
    "aws_session_token",
    "azure_account_key",
    "azure_sas_token",
    "azure_client_secret",
    "gcs_service_account_key",
)


def test_cli_never_shows_a_secret(tmp_path: Path) -> None:
    canary = planted()
    home = tmp_path / "home"
    env = dict(os.environ, **VERBOSE, FLOWFILE_HOME=str(home))
    env.pop("FLOWFILE_MASTER_KEY", None)
    binary = flowfile_binary()
    outputs: list[tuple[str, str]] = []
    for fields in connections(canary):
        public = {k: v for k, v in fields.items() if k not in CLI_SECRET_FIELDS}
        hidden = {k: v for k, v in fields.items() if k in CLI_SECRET_FIELDS}
        args = ["connections", "create", str(public.pop("connection_name"))]
        for key, value in public.items():
            args += [f"--{key.replace('_', '-')}", str(value).lower() if isinstance(value, bool) else str(value)]
        assert _cli(binary, env, outputs, *args, "--secrets-stdin", stdin=json.dumps(hidden)) == 0, outputs[-1]
        _cli(binary, env, outputs, *args, "--secrets-stdin", stdin=json.dumps(hidden))  # exists already
    for name, path in PATHS.items():
        assert _cli(binary, env, outputs, "connections", "test", name, path) != 0
        assert _cli(binary, env, outputs, "ls", path, "--connection", name) != 0
        assert _cli(binary, env, outputs, "head", path, "--connection", name) != 0
        table = path.rsplit("/", 1)[0] + "/table"
        assert _cli(binary, env, outputs, "delta", "history", table, "--connection", name) != 0
    _cli(binary, env, outputs, "connections", "list", "--output", "json")
    _cli(binary, env, outputs, "keys", "rotate")
    # Account passwords from standard input; the token the CLI prints once is its by design.
    assert (
        _cli(
            binary,
            env,
            outputs,
            "users",
            "add",
            "admin",
            "--admin",
            "--password-stdin",
            stdin=canary["password"] + "\n",
        )
        == 0
    )
    assert _cli(binary, env, outputs, "users", "passwd", "admin", "--password-stdin", stdin="short\n") != 0
    assert _cli(binary, env, outputs, "users", "add", "x", "--password", canary["password"]) != 0
    outputs.pop(-2)  # the refused argv itself is echoed by nobody but the test; keep stderr only
    pg_env = dict(env, FLOWFILE_DATABASE_URL=f"postgresql://flowfile:{canary['pg_password']}@127.0.0.1:1/x")
    assert _cli(binary, pg_env, outputs, "connections", "list") != 0
    assert not leaks(canary, [*outputs, *home_files(home)])


def test_server_never_shows_a_secret(tmp_path: Path) -> None:
    canary = planted()
    home = tmp_path / "home"
    log = tmp_path / "serve.log"
    env = dict(os.environ, **VERBOSE, FLOWFILE_HOME=str(home), FLOWFILE_ALLOWED_ENDPOINT_HOSTS="loopback")
    env.pop("FLOWFILE_MASTER_KEY", None)
    seen: list[tuple[str, str | bytes]] = []
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [str(flowfile_binary()), "serve", "--port", "0", "--auth", "accounts"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        )
    try:
        line = server.stdout.readline() if server.stdout else ""
        url = line.split("http://", 1)[1].split("/", 1)[0]
        base = f"http://{url}"
        http = requests.Session()

        def call(method: str, path: str, **kwargs: object) -> requests.Response:
            response = http.request(method, base + path, timeout=120, **kwargs)  # type: ignore[arg-type]
            seen.append((f"{method} {path}", response.text))
            seen.append((f"{method} {path} headers", json.dumps(dict(response.headers))))
            return response

        code = setup_code(Server(base, server, log))
        made = call("POST", "/api/setup", json={"name": "admin", "password": canary["password"], "setup_code": code})
        assert made.status_code == 201, made.text
        http.headers["X-CSRF-Token"] = made.json()["csrf_token"]
        assert (
            call("POST", "/api/login", json={"name": "admin", "password": canary["password"] + "x"}).status_code == 401
        )
        token = http.post(base + "/api/tokens", json={"name": "canary"}, timeout=60).json()["token"]
        canary["api_token"] = token  # shown once to its owner, in that response only (not searched)
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        for fields in connections(canary):
            assert call("POST", "/api/connections", json=fields).status_code == 201
            call("POST", "/api/connections", json=fields)  # 409
            call("PATCH", f"/api/connections/{fields['connection_name']}", json={"endpoint_url": "https://e.example"})
        for name, path in PATHS.items():
            assert call("POST", f"/api/connections/{name}/test", json={"path": path}).status_code != 500
            call("GET", f"/api/connections/{name}/browse", params={"path": path.rsplit("/", 1)[0] + "/"})
            call("POST", "/api/data/preview", json={"connection": name, "path": path, "format": "parquet"})
            table = path.rsplit("/", 1)[0] + "/table"
            call("POST", "/api/data/delta-history", json={"connection": name, "path": table})
            delta = {"connection": name, "path": table, "format": "delta", "merge_keys": "id"}
            for mode in ("upsert", "delete"):
                call(
                    "POST",
                    "/api/data/write",
                    params={**delta, "write_mode": mode},
                    data=ARROW_ROWS,
                    headers={"Content-Type": "application/vnd.apache.arrow.stream"},
                )
        call("GET", "/api/connections")
        call("GET", "/api/tokens")
        seen.append(("api token call", api.get(base + "/api/connections", timeout=60).text))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    # A PostgreSQL store whose URL holds a password: refused, without showing it.
    pg_log = tmp_path / "serve-pg.log"
    with pg_log.open("w") as stderr:
        pg_url = os.environ["FLOWFILE_TEST_POSTGRES_URL"]
        wrong = pg_url.split("://", 1)[0] + "://flowfile:" + canary["pg_password"] + "@" + pg_url.split("@", 1)[1]
        refused = subprocess.run(
            [str(flowfile_binary()), "serve", "--port", "0", "--auth", "accounts"],
            env=dict(env, FLOWFILE_DATABASE_URL=wrong),
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            timeout=120,
            check=False,
        )
    assert refused.returncode != 0
    seen += [
        ("serve stderr", log.read_text()),
        ("serve-pg stdout", refused.stdout),
        ("serve-pg stderr", pg_log.read_text()),
    ]
    assert not leaks(canary, [*seen, *home_files(home)])
