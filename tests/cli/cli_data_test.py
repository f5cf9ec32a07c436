"""The flowfile data commands (ls, cp, head, cat, schema) run as the real
binary against the test emulators: moto (S3), fake-gcs-server (GCS) and
Azurite (Azure). Every result is checked against pyarrow reading the same
objects on its own, and every output is searched for the planted secrets.

Usage: cli_data_test.py FLOWFILE_BINARY [--gib N]   (N: size of the large
cross-cloud copy, default 1; its peak memory is measured and bounded).
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from terminal import run_on_terminal

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))
from gcs_keys import new_private_key, service_account_json

S3_CANARY = "CANARY-cp-s3-wJalrXUtnFEMI-K7MDENG"
AZURITE_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
# A copy streams in 8 MiB chunks; what it holds beyond them is the
# destination stream's upload buffers. Far below the object's size.
PEAK_RSS_LIMIT_MIB = 400

outputs: list[str] = []
checks = 0


def passed() -> None:
    global checks
    checks += 1


class Cli:
    def __init__(self, binary: str, home: str) -> None:
        self.binary = binary
        self.env = dict(os.environ, FLOWFILE_HOME=home)

    def run(self, *args: str, stdin: str = "", expect: int = 0) -> subprocess.CompletedProcess:
        result = subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True, env=self.env,
                                timeout=600)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
        return result

    def json(self, *args: str) -> object:
        return json.loads(self.run(*args, "--output", "json").stdout)

    def measured(self, *args: str) -> tuple[float, int, str]:
        """Runs a command, returning its seconds, its own peak RSS in KiB and its stderr.

        GNU time starts it: a child forked from this Python process would
        report this process's peak as its own floor.
        """
        with tempfile.NamedTemporaryFile("r") as peak:
            started = time.monotonic()
            result = self.run_argv(["/usr/bin/time", "-f", "%M", "-o", peak.name, self.binary, *args])
            seconds = time.monotonic() - started
            return seconds, int(peak.read().split()[-1]), result.stderr

    def run_argv(self, argv: list[str]) -> subprocess.CompletedProcess:
        result = subprocess.run(argv, capture_output=True, text=True, env=self.env, timeout=1800)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == 0, f"{argv}: exit {result.returncode}, stderr {result.stderr!r}"
        return result


def service_account_key() -> tuple[str, str]:
    key = new_private_key()
    # A line of the key's body: what a leak of the key would show.
    return service_account_json("kid-cli", key), key.splitlines()[5]


def make_connections(cli: Cli) -> str:
    s3 = os.environ["FLOWFILE_TEST_S3_ENDPOINT"]
    cli.run("connections", "create", "moto", "--storage-type", "s3", "--auth-method", "access_key",
            "--aws-access-key-id", "testing", "--aws-region", "us-east-1", "--endpoint-url", s3,
            "--aws-allow-unsafe-html", "true", "--secrets-stdin",
            stdin=json.dumps({"aws_secret_access_key": S3_CANARY}))
    account, key_line = service_account_key()
    cli.run("connections", "create", "fake-gcs", "--storage-type", "gcs", "--auth-method", "service_account",
            "--gcs-project-id", "flowfile-test", "--endpoint-url", os.environ["FLOWFILE_TEST_GCS_ENDPOINT"],
            "--verify-ssl", "false", "--secrets-stdin", stdin=json.dumps({"gcs_service_account_key": account}))
    cli.run("connections", "create", "azurite", "--storage-type", "adls", "--auth-method", "access_key",
            "--azure-account-name", "devstoreaccount1", "--endpoint-url", os.environ["FLOWFILE_TEST_AZURE_ENDPOINT"],
            "--verify-ssl", "false", "--secrets-stdin", stdin=json.dumps({"azure_account_key": AZURITE_KEY}))
    return key_line


def oracle_filesystems() -> dict[str, pafs.FileSystem]:
    """pyarrow's own filesystems on the emulators: the independent reader of what was copied."""
    s3 = os.environ["FLOWFILE_TEST_S3_ENDPOINT"]
    gcs = os.environ["FLOWFILE_TEST_GCS_ENDPOINT"]
    azure = os.environ["FLOWFILE_TEST_AZURE_ENDPOINT"].split("://", 1)[1]
    return {
        "s3": pafs.S3FileSystem(access_key="testing", secret_key=S3_CANARY, endpoint_override=s3.split("://")[1],
                                scheme="http", region="us-east-1", allow_bucket_creation=True),
        "gs": pafs.GcsFileSystem(anonymous=True, endpoint_override=gcs.split("://")[1], scheme="http",
                                 project_id="flowfile-test"),
        "abfs": pafs.AzureFileSystem(account_name="devstoreaccount1", account_key=AZURITE_KEY,
                                     blob_storage_authority=azure, blob_storage_scheme="http",
                                     dfs_storage_authority=azure, dfs_storage_scheme="http"),
    }


def uri(scheme: str, bucket: str, key: str = "") -> str:
    if scheme == "abfs":
        return f"abfs://{bucket}@devstoreaccount1.dfs.core.windows.net/{key}"
    return f"{scheme}://{bucket}/{key}"


def sample_table(rows: int) -> pa.Table:
    return pa.table({"id": pa.array(range(rows), pa.int64()),
                     "name": [f"row-{i}" for i in range(rows)],
                     "amount": [i * 0.5 for i in range(rows)]})


def check_reads(cli: Cli, work: str, bucket: str) -> None:
    table = sample_table(1000)
    local = os.path.join(work, "sample.parquet")
    pq.write_table(table, local, row_group_size=100)
    cli.run("cp", local, uri("s3", bucket, "data/sample.parquet"))
    listed = cli.json("ls", uri("s3", bucket, "data/"))
    assert [(e["path"], e["size"]) for e in listed] == [(uri("s3", bucket, "data/sample.parquet"),
                                                        os.path.getsize(local))], listed
    assert listed[0]["modified_at"] > 0
    passed()

    head = cli.json("head", uri("s3", bucket, "data/sample.parquet"), "-n", "3")
    assert head == table.slice(0, 3).to_pylist(), head
    head = cli.json("head", uri("s3", bucket, "data/sample.parquet"), "-n", "2", "--columns", "name")
    assert head == [{"name": "row-0"}, {"name": "row-1"}], head
    schema = cli.json("schema", uri("s3", bucket, "data/sample.parquet"))
    assert schema == [{"name": f.name, "type": str(f.type)} for f in table.schema], schema
    passed()

    printed = cli.run("cat", uri("s3", bucket, "data/sample.parquet"), "--to", "csv").stdout
    read_back = pacsv.read_csv(pa.py_buffer(printed.encode()))
    assert read_back.to_pylist() == table.to_pylist(), "cat --to csv differs"
    lines = cli.run("cat", uri("s3", bucket, "data/sample.parquet"), "--to", "json", "--columns", "id").stdout
    assert [json.loads(line)["id"] for line in lines.splitlines()] == list(range(1000))
    table_text = cli.run("head", uri("s3", bucket, "data/sample.parquet"), "-n", "2", "--output", "table").stdout
    assert table_text.splitlines()[0].split() == ["id", "name", "amount"], table_text
    passed()


def write_tree(root: str) -> dict[str, bytes]:
    files = {"a.csv": b"x,y\n1,2\n", "nested/b.bin": os.urandom(3 << 20), "nested/deeper/c.txt": b"hello\n"}
    for relative, data in files.items():
        path = os.path.join(root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)
    return files


def read_tree(root: str) -> dict[str, bytes]:
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as f:
                found[os.path.relpath(os.path.join(folder, name), root)] = f.read()
    return found


def check_copies(cli: Cli, work: str, buckets: dict[str, str], oracle: dict[str, pafs.FileSystem]) -> None:
    source = os.path.join(work, "tree")
    files = write_tree(source)
    # local -> gcs -> azure -> s3 -> local, each hop a folder copied recursively.
    hops = [source, uri("gs", buckets["gs"], "tree/"), uri("abfs", buckets["abfs"], "tree/"),
            uri("s3", buckets["s3"], "tree/"), os.path.join(work, "back") + "/"]
    for origin, target in zip(hops, hops[1:], strict=False):
        result = cli.run("cp", "--recursive", origin, target)
        assert f"Copied {len(files)} files" in result.stderr, result.stderr
        assert f"copied {len(files)}/{len(files)} files" in result.stderr, result.stderr
    assert read_tree(os.path.join(work, "back")) == files
    passed()
    # pyarrow, on its own, sees the same bytes on every cloud.
    for scheme in ("gs", "abfs", "s3"):
        with oracle[scheme].open_input_stream(f"{buckets[scheme]}/tree/nested/b.bin") as f:
            assert f.read() == files["nested/b.bin"], scheme
    listed = cli.json("ls", "--recursive", uri("abfs", buckets["abfs"], "tree/"))
    assert sorted(e["path"].rsplit("tree/", 1)[1] for e in listed) == sorted(files), listed
    assert all(not e["path"].rsplit("/", 1)[1].startswith(".flowfile-tmp-") for e in listed)
    passed()

    # One file into a folder keeps its name; to a path takes that name.
    cli.run("cp", os.path.join(source, "a.csv"), uri("gs", buckets["gs"], "single/"))
    cli.run("cp", uri("gs", buckets["gs"], "single/a.csv"), uri("abfs", buckets["abfs"], "renamed.csv"))
    with oracle["abfs"].open_input_stream(f"{buckets['abfs']}/renamed.csv") as f:
        assert f.read() == files["a.csv"]
    passed()

    # --dry-run says what it would copy and copies nothing.
    dry = cli.run("cp", "--recursive", "--dry-run", source, uri("s3", buckets["s3"], "dry/")).stdout
    assert dry.count("would copy ") == len(files), dry
    assert oracle["s3"].get_file_info(pafs.FileSelector(f"{buckets['s3']}/dry", allow_not_found=True)) == []
    passed()


def check_errors(cli: Cli, work: str, buckets: dict[str, str]) -> None:
    message = cli.run("cp", os.path.join(work, "tree"), uri("s3", buckets["s3"], "x/"), expect=2).stderr
    assert "is a folder" in message and "--recursive" in message, message
    message = cli.run("cp", uri("s3", buckets["s3"], "missing.bin"), work + "/", expect=3).stderr
    assert "missing.bin" in message, message
    message = cli.run("ls", uri("s3", "no-such-bucket-" + uuid.uuid4().hex[:8]), expect=3).stderr
    assert "Bucket" in message and "not found" in message, message
    message = cli.run("head", uri("s3", buckets["s3"], "data/sample.parquet"), "-n", "0", expect=2).stderr
    assert "limit" in message, message
    message = cli.run("head", uri("s3", buckets["s3"], "tree/a.csv.unknown"), expect=2).stderr
    assert "--format" in message, message
    message = cli.run("cat", uri("s3", buckets["s3"], "data/sample.parquet"), "--to", "parquet", expect=2).stderr
    assert "csv or json" in message, message
    passed()
    # Two S3 connections: a URL alone no longer says which to use.
    cli.run("connections", "create", "moto-2", "--storage-type", "s3", "--auth-method", "access_key",
            "--aws-access-key-id", "testing", "--aws-region", "us-east-1", "--endpoint-url",
            os.environ["FLOWFILE_TEST_S3_ENDPOINT"], "--aws-allow-unsafe-html", "true", "--secrets-stdin",
            stdin=json.dumps({"aws_secret_access_key": S3_CANARY}))
    message = cli.run("ls", uri("s3", buckets["s3"]), expect=2).stderr
    assert "'moto'" in message and "'moto-2'" in message and "--connection" in message, message
    assert cli.json("ls", "--connection", "moto-2", uri("s3", buckets["s3"], "data/"))
    cli.run("connections", "delete", "moto-2")
    passed()


def check_progress_bar(cli: Cli, work: str, bucket: str) -> None:
    """On a terminal, cp redraws one line with bytes, rate and ETA."""
    local = os.path.join(work, "progress.bin")
    with open(local, "wb") as out:
        out.write(os.urandom(48 << 20))
    code, text = run_on_terminal([cli.binary, "cp", local, uri("gs", bucket, "progress.bin")], cli.env, [])
    assert code == 0, text
    outputs.append(text)
    assert "\r[" in text and "ETA" in text and "/s" in text and "48.0 MiB" in text, text
    assert "Copied 1 file, 48.0 MiB" in text, text
    passed()


def upload_to_gcs(bucket: str, name: str, local: str) -> None:
    """Puts a file into fake-gcs-server with one media upload: the test's own
    set-up, apart from what is measured (fake-gcs-server reassembles
    resumable uploads chunk by chunk, at about 2 MiB/s for 1 GiB)."""
    endpoint = os.environ["FLOWFILE_TEST_GCS_ENDPOINT"]
    url = f"{endpoint}/upload/storage/v1/b/{bucket}/o?uploadType=media&name={name}"
    with open(local, "rb") as body:
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/octet-stream", "Content-Length": str(os.path.getsize(local))})
        with urllib.request.urlopen(request, timeout=600) as response:
            assert response.status == 200, response.status


def check_large_copy(cli: Cli, work: str, buckets: dict[str, str], oracle: dict[str, pafs.FileSystem],
                     gib: float) -> None:
    """A large object from GCS to Azure, and from the disk to Azure, with bounded memory, byte for byte."""
    size = int(gib * (1 << 30))
    local = os.path.join(work, "large.bin")
    digest = hashlib.sha256()
    with open(local, "wb") as out:
        block = os.urandom(16 << 20)
        for offset in range(0, size, len(block)):
            piece = block[: min(len(block), size - offset)]
            piece = offset.to_bytes(8, "little") + piece[8:]  # no two blocks alike
            out.write(piece)
            digest.update(piece)
    upload_to_gcs(buckets["gs"], "large.bin", local)
    _, baseline_kib, _ = cli.measured("connections", "list")
    figures = []
    # Cloud to cloud (the source read in 8 MiB ranges, the destination
    # written as it streams), then an upload from the disk.
    for origin, target in ((uri("gs", buckets["gs"], "large.bin"), uri("abfs", buckets["abfs"], "from-gcs.bin")),
                           (local, uri("abfs", buckets["abfs"], "from-disk.bin"))):
        seconds, peak_kib, _ = cli.measured("cp", origin, target)
        figures.append(f"{origin.split(':')[0] if '://' in origin else 'local'} -> {target.split(':')[0]} "
                       f"{seconds:.1f} s ({size / (1 << 20) / seconds:.0f} MiB/s, peak RSS {peak_kib / 1024:.0f} MiB)")
        assert peak_kib / 1024 < PEAK_RSS_LIMIT_MIB, figures[-1]
    os.remove(local)
    for name in ("from-gcs.bin", "from-disk.bin"):
        with oracle["abfs"].open_input_stream(f"{buckets['abfs']}/{name}") as f:
            copied = hashlib.sha256()
            while chunk := f.read(8 << 20):
                copied.update(chunk)
        assert copied.hexdigest() == digest.hexdigest(), f"{name} differs from the source"
    print(f"cli_data_test: {size / (1 << 20):.0f} MiB copied: " + "; ".join(figures) +
          f"; a command that copies nothing peaks at {baseline_kib / 1024:.0f} MiB")
    passed()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--gib", type=float, default=1.0)
    args = parser.parse_args()
    oracle = oracle_filesystems()
    suffix = uuid.uuid4().hex[:8]
    buckets = {scheme: f"cli-{scheme}-{suffix}" for scheme in ("s3", "gs", "abfs")}
    for scheme, bucket in buckets.items():
        oracle[scheme].create_dir(bucket)
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as work:
        cli = Cli(args.binary, home)
        key_line = make_connections(cli)
        check_reads(cli, work, buckets["s3"])
        check_copies(cli, work, buckets, oracle)
        check_errors(cli, work, buckets)
        check_progress_bar(cli, work, buckets["gs"])
        check_large_copy(cli, work, buckets, oracle, args.gib)
    for canary in (S3_CANARY, key_line, AZURITE_KEY):
        leaked = [text for text in outputs if canary in text]
        assert not leaked, "a secret was printed"
    passed()
    print(f"cli_data_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main()
