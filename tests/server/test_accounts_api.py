"""The API in accounts mode: first-run setup, sign-in with throttling,
cookie sessions with CSRF, API tokens, expiry, and users kept apart."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import CANARY, s3_connection
from flowfile_server import Client, Contract, Server, wait_until
from signed_requests import RecordingEndpoint, signed_with

ENDPOINT = "http://127.0.0.1:9"
ADMIN_PASSWORD = "correct horse battery"
PASSWORD = "a user's password"


def _admin(server: Server):  # type: ignore[no-untyped-def]
    client = server.client()
    if client.get("/api/session").json()["setup_required"]:
        assert client.sign_in("alice", ADMIN_PASSWORD, setup=True).status_code == 201
    else:
        assert client.sign_in("alice", ADMIN_PASSWORD).status_code == 200
    return client


def _other_user(server: Server, admin: Client) -> Client:
    """A client signed in as a new non-admin account that `admin` makes."""
    name = f"bob-{uuid.uuid4().hex[:8]}"
    made = admin.post("/api/accounts", json={"name": name, "password": PASSWORD})
    assert made.status_code == 201, made.text
    assert made.json()["user"]["is_admin"] is False
    client = server.client()
    assert client.sign_in(name, PASSWORD).status_code == 200
    return client


def test_first_run_setup_then_setup_is_closed(contract: Contract) -> None:
    accounts = Server(contract, auth="accounts")  # a fresh store of its own
    try:
        anonymous = accounts.client()
        session = anonymous.get("/api/session").json()
        assert session == {
            "mode": "accounts",
            "signed_in": False,
            "user": None,
            "setup_required": True,
        }
        assert anonymous.get("/api/connections").status_code == 401
        code = accounts.setup_code()
        short = anonymous.post(
            "/api/setup",
            json={"name": "alice", "password": "short", "setup_code": code},
        )
        assert short.status_code == 400 and short.json()["error"]["field"] == "password"
        created = anonymous.sign_in("alice", ADMIN_PASSWORD, setup=True)
        assert created.status_code == 201
        cookie = created.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert anonymous.get("/api/session").json()["user"]["name"] == "alice"
        again = accounts.client().post(
            "/api/setup", json={"name": "mallory", "password": "x" * 12}
        )
        assert again.status_code == 409
    finally:
        assert accounts.stop() == 0


@pytest.fixture
def fresh(contract: Contract) -> Iterator[Server]:
    """An accounts-mode server of its own, still without an admin."""
    server = Server(contract, auth="accounts")
    yield server
    assert server.stop() == 0


def test_setup_needs_the_code_printed_on_the_console(fresh: Server) -> None:
    accounts = fresh
    anonymous = accounts.client()
    body = {"name": "mallory", "password": "x" * 12}
    missing = anonymous.post("/api/setup", json=body)
    assert (
        missing.status_code == 400 and missing.json()["error"]["field"] == "setup_code"
    )
    wrong = anonymous.post("/api/setup", json=dict(body, setup_code="guessed-code"))
    assert wrong.status_code == 403 and wrong.json()["error"]["field"] == "setup_code"
    assert anonymous.get("/api/session").json()["setup_required"] is True
    right = anonymous.post(
        "/api/setup", json=dict(body, setup_code=accounts.setup_code())
    )
    assert right.status_code == 201
    assert accounts.setup_code() not in right.text


def test_public_routes_refuse_cross_site_requests(fresh: Server) -> None:
    accounts = fresh
    anonymous = accounts.client()
    code = accounts.setup_code()
    body = f'{{"name": "mallory", "password": "{"x" * 12}", "setup_code": "{code}"}}'
    # What a page on another site can send without a CORS preflight.
    for headers in (
        {"Content-Type": "text/plain"},
        {"Content-Type": "application/x-www-form-urlencoded"},
        {"Content-Type": "application/json", "Origin": "https://attacker.example"},
        {"Content-Type": "application/json", "Origin": "null"},
    ):
        for path in ("/api/setup", "/api/login"):
            refused = anonymous.post(path, data=body, headers=headers)
            assert refused.status_code in (400, 403), (path, headers, refused.text)
            if "Origin" in headers:
                assert refused.json()["error"]["code"] == "csrf_failed"
            else:
                assert refused.json()["error"]["field"] == "Content-Type"
    assert anonymous.get("/api/session").json()["setup_required"] is True
    same_origin = anonymous.post(
        "/api/setup",
        data=body,
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Origin": accounts.url,
        },
    )
    assert same_origin.status_code == 201, same_origin.text


def test_unsafe_requests_without_csrf_token_are_refused(accounts: Server) -> None:
    alice = _admin(accounts)
    name = f"csrf-{uuid.uuid4().hex[:8]}"
    refused = alice.post(
        "/api/connections", json=s3_connection(name, ENDPOINT), csrf=False
    )
    assert (
        refused.status_code == 403 and refused.json()["error"]["code"] == "csrf_failed"
    )
    wrong = alice.post(
        "/api/connections",
        json=s3_connection(name, ENDPOINT),
        headers={"X-CSRF-Token": "forged"},
    )
    assert wrong.status_code == 403
    assert (
        alice.post("/api/connections", json=s3_connection(name, ENDPOINT)).status_code
        == 201
    )


def test_another_users_connections_and_jobs_are_not_found(accounts: Server) -> None:
    alice = _admin(accounts)
    alice.post(
        "/api/connections?if_not_exists=true", json=s3_connection("a-lake", ENDPOINT)
    )
    bob = _other_user(accounts, alice)
    assert bob.get("/api/connections").json()["connections"] == []
    for response in (
        bob.get("/api/connections/a-lake"),
        bob.patch("/api/connections/a-lake", json={"aws_region": "eu-west-1"}),
        bob.post("/api/connections/a-lake/rename", json={"new_name": "mine"}),
        bob.post("/api/connections/a-lake/test", json={}),
        bob.get("/api/connections/a-lake/browse"),
        bob.delete("/api/connections/a-lake"),
    ):
        assert response.status_code == 404, response.text
    # bob may use the same name for his own connection.
    assert (
        bob.post("/api/connections", json=s3_connection("a-lake", ENDPOINT)).status_code
        == 201
    )
    assert alice.get("/api/connections/a-lake").json()["aws_region"] == "us-east-1"

    # A job of alice's is not found for bob.
    started = alice.post(
        "/api/flows/run",
        json={
            "reader": {"connection": "ghost", "path": "s3://b/x.parquet"},
            "writer": {"connection": "ghost", "path": "s3://b/y.parquet"},
        },
    )
    assert started.status_code == 202
    job_id = started.json()["job_id"]
    assert bob.get(f"/api/jobs/{job_id}").status_code == 404

    def ended() -> dict[str, Any] | None:
        job = alice.get(f"/api/jobs/{job_id}").json()
        return job if job["state"] != "running" else None

    job = wait_until(ended, seconds=30, what=f"job {job_id} to end")
    assert job["state"] == "failed"
    assert job["error"]["code"] == "not_found"
    assert job["error"]["message"].startswith("Connection not found")

    # Only admins create accounts.
    assert (
        bob.post(
            "/api/accounts", json={"name": "eve", "password": "eve's password"}
        ).status_code
        == 403
    )


def test_wrong_passwords_are_slowed_down(accounts: Server) -> None:
    _admin(accounts)
    client = accounts.client()
    answers = [client.sign_in("alice", f"wrong {i}") for i in range(4)]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[0].json() == {
        "error": {"code": "access_denied", "message": "Wrong account name or password."}
    }
    throttled = client.sign_in("alice", ADMIN_PASSWORD)
    assert throttled.status_code == 429, "even the right password waits while throttled"
    retry_after = int(throttled.headers["Retry-After"])
    assert retry_after >= 1

    def signed_in() -> bool:
        answer = client.sign_in("alice", ADMIN_PASSWORD)
        assert answer.status_code in (200, 429), answer.text
        return answer.status_code == 200

    wait_until(signed_in, seconds=retry_after + 5, what="the throttle to let alice in")
    # The right password cleared this address's failures: an unknown account
    # is judged now, and answered exactly like a wrong password.
    unknown = accounts.client().sign_in("nobody-" + str(time.time()), "whatever")
    assert unknown.status_code == 401
    assert unknown.json() == answers[0].json()


def test_sign_in_validates_the_body(accounts: Server) -> None:
    client = accounts.client()
    missing = client.post("/api/login", json={"name": "alice"})
    assert missing.status_code == 400 and missing.json()["error"]["field"] == "password"
    wrong_type = client.post("/api/login", json={"name": 3, "password": "x"})
    assert (
        wrong_type.status_code == 400 and wrong_type.json()["error"]["field"] == "name"
    )


def test_api_tokens_are_shown_once_and_work_without_csrf(accounts: Server) -> None:
    alice = _admin(accounts)
    created = alice.post("/api/tokens", json={"name": "notebook"})
    assert created.status_code == 201
    token = created.json()["token"]
    listed = alice.get("/api/tokens").json()["tokens"]
    assert any(t["name"] == "notebook" for t in listed)
    assert token not in alice.get("/api/tokens").text

    script = accounts.client()
    script.bearer = token
    assert script.get("/api/connections").status_code == 200
    made = script.post(
        "/api/connections?if_not_exists=true", json=s3_connection("from-code", ENDPOINT)
    )
    assert made.status_code == 201 and made.json()["created"] is True, made.text
    assert "from-code" in [
        c["connection_name"]
        for c in alice.get("/api/connections").json()["connections"]
    ]

    bob = _other_user(accounts, alice)
    assert bob.delete(f"/api/tokens/{created.json()['id']}").status_code == 404
    assert alice.delete(f"/api/tokens/{created.json()['id']}").status_code == 204
    assert script.get("/api/connections").status_code == 401
    forged = accounts.client()
    forged.bearer = "ff_" + "A" * 43
    assert forged.get("/api/connections").status_code == 401
    assert alice.post("/api/tokens", json={}).status_code == 400


def test_logout_ends_the_session(accounts: Server) -> None:
    alice = _admin(accounts)
    assert alice.post("/api/logout").status_code == 204
    assert alice.get("/api/connections").status_code == 401
    assert alice.get("/api/session").json()["signed_in"] is False


def test_sessions_expire(contract: Contract) -> None:
    server = Server(contract, auth="accounts", session_seconds=2)
    try:
        client = server.client()
        assert (
            client.sign_in("carol", "carol's password", setup=True).status_code == 201
        )
        signed_in_at = time.monotonic()
        assert client.get("/api/connections").status_code == 200
        session_id = client.http.cookies["flowfile_session"]
        # Sent by hand: the server must refuse the expired session itself,
        # not only rely on the browser dropping the cookie.
        stale = server.client()

        def refused() -> dict[str, Any] | None:
            answer = stale.get(
                "/api/connections", headers={"Cookie": f"flowfile_session={session_id}"}
            )
            assert answer.status_code in (200, 401), answer.text
            return answer.json() if answer.status_code == 401 else None

        expired = wait_until(refused, seconds=10, what="the session to expire")
        assert expired["error"]["code"] == "unauthenticated"
        assert time.monotonic() - signed_in_at > 1.5, "expired before its 2 s"
    finally:
        assert server.stop() == 0


def test_canary_secret_is_stored_but_never_returned(accounts: Server) -> None:
    alice = _admin(accounts)
    with RecordingEndpoint() as storage:
        created = alice.post(
            "/api/connections", json=s3_connection("canary", storage.url, secret=CANARY)
        )
        assert created.status_code == 201, created.text
        assert created.json()["connection"]["secrets_set"] == ["aws_secret_access_key"]
        assert CANARY not in alice.get("/api/connections/canary").text
        # The stored value is the canary: the server signs its storage calls
        # with it (checked here against the SigV4 specification).
        tested = alice.post(
            "/api/connections/canary/test", json={"path": "s3://bucket/"}
        )
        assert tested.status_code == 200 and tested.json()["ok"] is False
    assert storage.requests, "the connection test never reached the storage endpoint"
    for request in storage.requests:
        assert signed_with(request, CANARY), request
        assert not signed_with(request, CANARY + "x"), request
    assert alice.delete("/api/connections/canary").status_code == 204


def test_session_cookie_is_secure_behind_a_tls_proxy_only(accounts: Server) -> None:
    _admin(accounts)
    plain = accounts.client().post(
        "/api/login", json={"name": "alice", "password": ADMIN_PASSWORD}
    )
    assert plain.status_code == 200
    assert "secure" not in plain.headers["Set-Cookie"].lower()
    proxied = accounts.client().post(
        "/api/login",
        json={"name": "alice", "password": ADMIN_PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert proxied.status_code == 200
    attributes = [a.strip().lower() for a in proxied.headers["Set-Cookie"].split(";")]
    assert "secure" in attributes and "httponly" in attributes
    # What other TLS proxies, or a chain of them, say.
    for headers, secure in (
        ({"X-Forwarded-Proto": "HTTPS"}, True),
        ({"X-Forwarded-Proto": "http, https"}, True),
        ({"Forwarded": 'for=192.0.2.60;proto=https;by="[2001:db8::1]"'}, True),
        ({"Forwarded": "for=192.0.2.60, for=198.51.100.17;Proto=HTTPS"}, True),
        ({"X-Forwarded-Proto": "http"}, False),
        ({"Forwarded": "for=192.0.2.60;proto=http;host=https"}, False),
    ):
        answer = accounts.client().post(
            "/api/login",
            json={"name": "alice", "password": ADMIN_PASSWORD},
            headers=headers,
        )
        assert answer.status_code == 200
        cookie = answer.headers["Set-Cookie"]
        attributes = [a.strip().lower() for a in cookie.split(";")]
        assert ("secure" in attributes) is secure, (headers, cookie)


def test_concurrent_wrong_passwords_are_checked_at_most_the_free_attempts(
    contract: Contract,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    server = Server(contract, auth="accounts")
    try:
        admin = server.client()
        assert admin.sign_in("root", ADMIN_PASSWORD, setup=True).status_code == 201

        def guess(i: int) -> int:
            return (
                server.client()
                .post(
                    "/api/login", json={"name": "root", "password": f"wrong guess {i}"}
                )
                .status_code
            )

        with ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(guess, range(16)))
        # Three free attempts: only those reach the password check (401); the
        # rest are refused before it (429), even though none had failed yet.
        assert sorted(set(statuses)) == [401, 429], statuses
        assert statuses.count(401) <= 3, statuses
    finally:
        assert server.stop() == 0
