"""The data API that Python's server mode uses: plans, rows out as an Arrow
IPC stream, rows in as an uploaded Arrow IPC stream, against moto's S3."""

from __future__ import annotations

import io
import random
import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

import boto3
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc
import pyarrow.parquet as pq
import pytest
import requests
from conftest import s3_connection
from flowfile_server import Client, Server, create_sales_bucket, sales_table, wait_until

ARROW = "application/vnd.apache.arrow.stream"
ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def bucket(s3_endpoint: str) -> str:
    return create_sales_bucket(s3_endpoint, "data-api")


@pytest.fixture(scope="module")
def s3(s3_endpoint: str) -> object:
    return boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="moto",
    )


@pytest.fixture
def client(embedded: Server, s3_endpoint: str) -> Client:
    """A client of the embedded server whose user has the connection "moto"."""
    client = embedded.client()
    client.post(
        "/api/connections?if_not_exists=true", json=s3_connection("moto", s3_endpoint)
    )
    return client


def plan(bucket: str, **extra: object) -> dict[str, object]:
    return {"connection": "moto", "path": f"s3://{bucket}/input/sales.parquet", **extra}


def ipc_chunks(
    table: pa.Table, batch_rows: int, *, end: bool = True
) -> Iterator[bytes]:
    """The table as an Arrow IPC stream, one piece per batch (sent chunked by requests)."""
    sink = io.BytesIO()
    writer = ipc.new_stream(sink, table.schema)
    for batch in table.to_batches(max_chunksize=batch_rows):
        writer.write_batch(batch)
        yield sink.getvalue()
        sink.seek(0)
        sink.truncate()
    if end:
        writer.close()
        yield sink.getvalue()


def upload(client: Client, data: object, **settings: str) -> object:
    return client.post(
        "/api/data/write", params=settings, data=data, headers={"Content-Type": ARROW}
    )


def read_object(s3: object, bucket: str, key: str) -> pa.Table:
    body = s3.get_object(Bucket=bucket, Key=key)["Body"].read()  # type: ignore[attr-defined]
    return pq.read_table(io.BytesIO(body))


def object_exists(s3: object, bucket: str, key: str) -> bool:
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=key)  # type: ignore[attr-defined]
    return any(item["Key"] == key for item in listed.get("Contents", []))


def test_plan_describes_columns_and_pushdown(client: Client, bucket: str) -> None:
    whole = client.post("/api/data/plan", json=plan(bucket))
    assert whole.status_code == 200, whole.text
    assert whole.json()["columns"] == ["id", "city", "amount"]
    narrowed = client.post(
        "/api/data/plan",
        json=plan(
            bucket,
            select=["amount", "id"],
            filters=[
                {"column": "id", "op": "ge", "value": 10},
                {"column": "city", "op": "is_not_null"},
            ],
            limit=3,
        ),
    ).json()
    assert narrowed["columns"] == ["amount", "id"]
    assert narrowed["description"] == (
        f"scan parquet s3://{bucket}/input/sales.parquet (1 file); select amount, id; "
        "filter id >= 10 and city is not null; limit 3"
    )


@pytest.mark.parametrize(
    ("extra", "status", "text"),
    [
        ({"select": ["nope"]}, 400, "Column 'nope' is not in"),
        ({"select": "id"}, 400, "select must be a list"),
        (
            {"filters": [{"column": "id", "op": "like", "value": 1}]},
            400,
            "filters[0].op must be one of",
        ),
        (
            {"filters": [{"column": "id", "op": "eq"}]},
            400,
            "filters[0].value is required",
        ),
        (
            {"filters": [{"column": "id", "op": "eq", "value": [1]}]},
            400,
            "filters[0].value must be",
        ),
        ({"limit": -1}, 400, "limit must be"),
        ({"connection": "nobody"}, 404, "nobody"),
        (
            {"path": "s3://{bucket}/input/missing.parquet"},
            404,
            "missing.parquet does not exist",
        ),
    ],
)
def test_bad_plans_are_refused_with_the_reason(
    client: Client, bucket: str, extra: dict[str, object], status: int, text: str
) -> None:
    body = plan(
        bucket,
        **{
            k: v.format(bucket=bucket) if isinstance(v, str) else v
            for k, v in extra.items()
        },
    )
    for route in ("/api/data/plan", "/api/data/scan"):
        answer = client.post(route, json=body)
        assert answer.status_code == status, answer.text
        assert text in answer.json()["error"]["message"]


def test_scan_streams_the_planned_rows_as_arrow_ipc(
    client: Client, bucket: str
) -> None:
    answer = client.post(
        "/api/data/scan",
        json=plan(
            bucket,
            select=["id", "amount"],
            filters=[{"column": "amount", "op": "gt", "value": 300.0}],
        ),
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == ARROW
    assert answer.headers.get("Transfer-Encoding") == "chunked"
    rows = ipc.open_stream(answer.content).read_all()
    expected = (
        sales_table()
        .filter(pc.greater(sales_table()["amount"], 300.0))
        .select(["id", "amount"])
    )
    assert rows.equals(expected)


def test_scan_of_no_matching_rows_is_an_empty_stream_with_the_schema(
    client: Client, bucket: str
) -> None:
    answer = client.post(
        "/api/data/scan",
        json=plan(bucket, filters=[{"column": "id", "op": "lt", "value": 0}]),
    )
    rows = ipc.open_stream(answer.content).read_all()
    assert rows.num_rows == 0
    assert rows.schema.names == ["id", "city", "amount"]


def test_chunked_upload_of_many_batches_round_trips(
    client: Client, bucket: str, s3: object
) -> None:
    table = pa.table(
        {
            "n": pa.array(range(300_000), pa.int64()),
            "text": [f"row {i}" for i in range(300_000)],
        }
    )
    answer = upload(
        client,
        ipc_chunks(table, 20_000),
        connection="moto",
        path=f"s3://{bucket}/out/big.parquet",
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"] == 300_000
    assert answer.json()["path"] == f"s3://{bucket}/out/big.parquet"
    assert read_object(s3, bucket, "out/big.parquet").equals(table)
    scanned = client.post(
        "/api/data/scan",
        json={"connection": "moto", "path": f"s3://{bucket}/out/big.parquet"},
    )
    assert ipc.open_stream(scanned.content).read_all().equals(table)


def test_upload_with_content_length_and_csv_settings(
    client: Client, bucket: str, s3: object
) -> None:
    body = b"".join(ipc_chunks(sales_table(), 100))
    answer = upload(
        client,
        body,
        connection="moto",
        path=f"s3://{bucket}/out/sales.csv",
        format="csv",
        delimiter=";",
    )
    assert answer.status_code == 200, answer.text
    text = s3.get_object(Bucket=bucket, Key="out/sales.csv")["Body"].read().decode()  # type: ignore[attr-defined]
    assert text.splitlines()[:2] == ['"id";"city";"amount"', '0;"city-0";0']


def test_append_adds_a_part_file(client: Client, bucket: str) -> None:
    folder = f"s3://{bucket}/appended/"
    paths = {
        upload(
            client,
            ipc_chunks(sales_table(), 100),
            connection="moto",
            path=folder,
            write_mode="append",
        ).json()["path"]
        for _ in range(2)
    }
    assert len(paths) == 2 and all(p.startswith(folder) for p in paths)
    scanned = client.post("/api/data/scan", json={"connection": "moto", "path": folder})
    assert ipc.open_stream(scanned.content).read_all().num_rows == 500


@pytest.mark.parametrize(
    ("settings", "headers", "text"),
    [
        ({"connection": "moto"}, {}, "path is required"),
        (
            {"connection": "moto", "path": "s3://b/x", "format": "xml"},
            {},
            "format must be one of",
        ),
        (
            {"connection": "moto", "path": "s3://b/x", "row_group_size": "many"},
            {},
            "row_group_size must be",
        ),
        (
            {"connection": "moto", "path": "s3://b/x", "has_header": "yes"},
            {},
            "has_header must be true or false",
        ),
        (
            {"connection": "moto", "path": "s3://b/x", "colour": "red"},
            {},
            "colour is not a write setting",
        ),
        (
            {"connection": "moto", "path": "s3://b/x"},
            {"Content-Type": "text/csv"},
            "Content-Type must be",
        ),
    ],
)
def test_bad_write_settings_are_answered_after_the_body(
    client: Client, settings: dict[str, str], headers: dict[str, str], text: str
) -> None:
    answer = client.post(
        "/api/data/write",
        params=settings,
        data=ipc_chunks(sales_table(), 10),
        headers={"Content-Type": ARROW, **headers},
    )
    assert answer.status_code == 400, answer.text
    assert text in answer.json()["error"]["message"]


def test_write_through_an_unknown_connection_is_not_found(
    client: Client, bucket: str
) -> None:
    answer = upload(
        client,
        ipc_chunks(sales_table(), 10),
        connection="nobody",
        path=f"s3://{bucket}/out/x.parquet",
    )
    assert answer.status_code == 404, answer.text
    assert "nobody" in answer.json()["error"]["message"]


@pytest.mark.parametrize(
    ("name", "body", "text"),
    [
        (
            "no-end-marker",
            lambda: ipc_chunks(sales_table(), 50, end=False),
            "end-of-stream marker",
        ),
        (
            "not-arrow",
            lambda: iter([b"id,city\n1,a\n" * 100]),
            "not a valid Arrow IPC stream",
        ),
        ("empty", lambda: iter([b""]), "not a valid Arrow IPC stream"),
    ],
)
def test_incomplete_or_invalid_uploads_write_nothing(
    client: Client, bucket: str, s3: object, name: str, body: object, text: str
) -> None:
    key = f"out/{name}-{uuid.uuid4().hex[:6]}.parquet"
    answer = upload(client, body(), connection="moto", path=f"s3://{bucket}/{key}")  # type: ignore[operator]
    assert answer.status_code == 400, answer.text
    assert text in answer.json()["error"]["message"]
    assert not object_exists(s3, bucket, key)


def uploads_in_progress(s3: object, bucket: str) -> list[str]:
    """Keys of the bucket's multipart uploads neither completed nor aborted."""
    listed = s3.list_multipart_uploads(Bucket=bucket)  # type: ignore[attr-defined]
    return [upload["Key"] for upload in listed.get("Uploads", [])]


def test_a_client_that_drops_mid_upload_leaves_no_object(
    embedded: Server, client: Client, bucket: str, s3: object
) -> None:
    key = f"out/dropped-{uuid.uuid4().hex[:6]}.parquet"
    query = urlencode(
        {
            "connection": "moto",
            "path": f"s3://{bucket}/{key}",
            "row_group_size": "50000",
        }
    )
    # Random values do not compress, so row groups reach S3 as upload parts;
    # 24 MB, since an object under 10 MiB leaves as one PUT with no upload.
    rng = random.Random(7)
    table = pa.table(
        {"n": pa.array([rng.getrandbits(62) for _ in range(3_000_000)], pa.int64())}
    )
    with socket.create_connection(("127.0.0.1", embedded.port)) as raw:
        raw.sendall(
            f"POST /api/data/write?{query} HTTP/1.1\r\nHost: 127.0.0.1:{embedded.port}\r\n"
            f"Content-Type: {ARROW}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        # Sent until the object's multipart upload has begun on S3, then dropped.
        for piece in ipc_chunks(table, 50_000, end=False):
            raw.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            if key in uploads_in_progress(s3, bucket):
                break
        wait_until(
            lambda: key in uploads_in_progress(s3, bucket),
            seconds=30,
            what="the upload to begin on S3",
        )
    # The server notices the closed connection and aborts the upload: it
    # ends (a dangling one would time out here) and no object appears.
    wait_until(
        lambda: key not in uploads_in_progress(s3, bucket),
        seconds=30,
        what="the multipart upload to end",
    )
    assert not object_exists(s3, bucket, key)
    assert embedded.client().get("/api/health").status_code == 200


def test_chunked_bodies_are_refused_where_a_route_does_not_stream(
    client: Client, s3_endpoint: str
) -> None:
    pieces = iter([b'{"connection_name": "chunked", ', b'"storage_type": "s3"}'])
    answer = client.post(
        "/api/connections", data=pieces, headers={"Content-Type": "application/json"}
    )
    assert answer.status_code == 411
    assert answer.json()["error"]["code"] == "length_required"


def test_other_users_cannot_read_or_write_through_a_connection(
    accounts: Server, s3_endpoint: str, bucket: str
) -> None:
    alice = accounts.client()
    assert alice.sign_in("alice", ADMIN_PASSWORD, setup=True).status_code == 201
    assert (
        alice.post(
            "/api/connections", json=s3_connection("lake", s3_endpoint)
        ).status_code
        == 201
    )
    assert (
        alice.post(
            "/api/accounts", json={"name": "bob", "password": "bob's password"}
        ).status_code
        == 201
    )
    mine = {"connection": "lake", "path": f"s3://{bucket}/input/sales.parquet"}
    assert alice.post("/api/data/plan", json=mine).status_code == 200

    bob = accounts.client()
    assert bob.sign_in("bob", "bob's password").status_code == 200
    assert bob.post("/api/data/plan", json=mine).status_code == 404
    assert bob.post("/api/data/scan", json=mine).status_code == 404
    written = upload(
        bob,
        ipc_chunks(sales_table(), 50),
        connection="lake",
        path=f"s3://{bucket}/bob.parquet",
    )
    assert written.status_code == 404

    stranger = accounts.client()
    refused = upload(
        stranger,
        b"".join(ipc_chunks(sales_table(), 50)),
        connection="lake",
        path="s3://b/x",
    )
    assert refused.status_code == 401


def test_cut_or_corrupted_uploads_are_refused_and_the_server_goes_on(
    client: Client, bucket: str, s3: object
) -> None:
    whole = b"".join(ipc_chunks(sales_table(), 40))
    cuts = [whole[:n] for n in range(0, len(whole), max(1, len(whole) // 60))]
    # Flipped bytes in the metadata and in the buffers of each batch.
    flips = []
    for offset in range(8, len(whole), max(1, len(whole) // 80)):
        damaged = bytearray(whole)
        damaged[offset] ^= 0xFF
        flips.append(bytes(damaged))
    key = "out/damaged.parquet"
    for body in cuts + flips:
        answer = upload(client, body, connection="moto", path=f"s3://{bucket}/{key}")
        assert answer.status_code in (200, 400), answer.text
        if answer.status_code == 200:
            # A flip can land on a value (a digit of an amount): the rows
            # still have the schema and row count they were sent with.
            assert body in flips
            written = read_object(s3, bucket, key)
            assert written.schema == sales_table().schema and written.num_rows == 250
            s3.delete_object(Bucket=bucket, Key=key)  # type: ignore[attr-defined]
        else:
            assert not object_exists(s3, bucket, key)
    assert client.get("/api/health").status_code == 200


def test_clients_that_stop_reading_a_scan_early_leave_the_server_serving(
    embedded: Server, client: Client, bucket: str
) -> None:
    table = pa.table({"n": pa.array(range(400_000), pa.int64())})
    path = f"s3://{bucket}/out/early.parquet"
    assert upload(
        client,
        ipc_chunks(table, 50_000),
        connection="moto",
        path=path,
        row_group_size="50000",
    ).ok
    before = embedded.client_sockets()
    for _ in range(5):
        with requests.post(
            f"{embedded.url}/api/data/scan",
            json={"connection": "moto", "path": path},
            stream=True,
            timeout=60,
        ) as answer:
            assert answer.status_code == 200
            start = answer.raw.read(10)
            assert len(start) == 10
            embedded.contract.record(
                "POST", "/api/data/scan", 200, start, answer.headers
            )
    # The server has finished with every abandoned response once it holds
    # no more client sockets than before them.
    wait_until(
        lambda: embedded.client_sockets() <= before or embedded.process.poll() is not None,
        seconds=60,
        what="the server to close the abandoned scans' connections",
    )
    assert embedded.process.poll() is None, "the server exited"
    whole = client.post("/api/data/scan", json={"connection": "moto", "path": path})
    assert ipc.open_stream(whole.content).read_all().num_rows == 400_000


def test_sort_rename_and_add_column_calls_run_in_the_engine_after_the_read(
    client: Client, bucket: str
) -> None:
    """A server-mode frame's steps: select, filter and limit after one run after it too."""
    calls = [
        {"filter": {"column": "id", "op": "lt", "value": 10}},
        {"sort": {"keys": [{"column": "id", "descending": True}]}},
        {"rename": {"names": [{"from": "id", "to": "key"}]}},
        {
            "add_column": {
                "name": "twice",
                "column": "amount",
                "op": "multiply",
                "value": 2,
                "operand_column": "",
            }
        },
        {"filter": {"column": "key", "op": "ge", "value": 4}},
        {"limit": 3},
    ]
    planned = client.post("/api/data/plan", json=plan(bucket, calls=calls))
    assert planned.status_code == 200, planned.text
    assert planned.json()["columns"] == ["key", "city", "amount", "twice"]
    assert planned.json()["description"].endswith(
        "filter id < 10; then in the engine: sort by id descending; rename id to key; "
        "add column twice = amount * 2; filter key >= 4; limit 3"
    ), planned.text
    answer = client.post("/api/data/scan", json=plan(bucket, calls=calls))
    assert answer.status_code == 200, answer.text
    rows = ipc.open_stream(answer.content).read_all()
    assert rows.column("key").to_pylist() == [9, 8, 7]
    assert rows.column("twice").to_pylist() == [27.0, 24.0, 21.0]
    refused = client.post(
        "/api/data/plan", json=plan(bucket, calls=[{"sort": {"keys": []}}])
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["error"]["field"] == "calls[0].settings.keys", refused.text
    missing = client.post(
        "/api/data/scan",
        json=plan(bucket, calls=[{"rename": {"names": [{"from": "nope", "to": "x"}]}}]),
    )
    assert missing.status_code == 400, missing.text
    assert "Column 'nope' is not in the rows here" in missing.json()["error"]["message"]
