"""flowfile users / tokens against a real `flowfile serve --auth accounts` on
the same data directory: accounts made on the command line sign in through
the API before anyone used a browser, tokens it creates authenticate (and
stop once revoked), a password change ends the old sessions, the last admin
cannot be deleted, passwords are refused as arguments and read from stdin or
a hidden prompt, and no password shows in any output.

Usage: cli_accounts_test.py FLOWFILE_BINARY
"""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile

import requests
from terminal import run_on_terminal

PASSWORD = "CANARY-pw-Zq8rT3vX"
NEW_PASSWORD = "CANARY-pw2-Yb5nK1wM"
outputs: list[str] = []
checks = 0


def passed() -> None:
    global checks
    checks += 1


class Cli:
    def __init__(self, binary: str, home: str) -> None:
        self.binary = binary
        self.env = dict(os.environ, FLOWFILE_HOME=home)

    def run(self, *args: str, stdin: str = "", expect: int = 0) -> str:
        result = subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True, env=self.env,
                                timeout=120)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
        return result.stdout if expect == 0 else result.stderr

    def json(self, *args: str, stdin: str = "") -> object:
        return json.loads(self.run(*args, "--output", "json", stdin=stdin))

    def on_terminal(self, args: list[str], answers: list[str]) -> tuple[int, str]:
        code, screen = run_on_terminal([self.binary, *args], self.env, answers)
        outputs.append(screen)
        return code, screen


class Server:
    def __init__(self, binary: str, home: str) -> None:
        self.process = subprocess.Popen([binary, "serve", "--port", "0", "--auth", "accounts"],
                                        env=dict(os.environ, FLOWFILE_HOME=home), stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        self.url = match[1]

    def login(self, name: str, password: str) -> requests.Session | None:
        session = requests.Session()
        response = session.post(self.url + "/api/login", json={"name": name, "password": password}, timeout=30)
        outputs.append(response.text)
        if response.status_code != 200:
            return None
        session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return session

    def connection_names(self, session: requests.Session) -> list[str]:
        response = session.get(self.url + "/api/connections", timeout=30)
        assert response.status_code == 200, response.text
        return [c["connection_name"] for c in response.json()["connections"]]

    def connections_status(self, session: requests.Session | None = None, token: str = "") -> int:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = (session or requests).get(self.url + "/api/connections", headers=headers, timeout=30)
        outputs.append(response.text)
        return response.status_code

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        stdout, stderr = self.process.communicate(timeout=30)
        outputs.extend([stdout, stderr])


def main(binary: str) -> None:
    with tempfile.TemporaryDirectory() as home:
        cli = Cli(binary, home)
        # Set up before any sign-in: the first account, an admin, from standard input.
        admin = cli.json("users", "add", "admin", "--admin", "--password-stdin", stdin=PASSWORD + "\n")
        assert admin["name"] == "admin" and admin["admin"] is True, admin
        message = cli.run("users", "add", "shorty", "--password-stdin", stdin="short\n", expect=2)
        assert "8 characters" in message, message
        message = cli.run("users", "add", "admin", "--password-stdin", stdin=PASSWORD + "\n", expect=4)
        assert "taken" in message, message
        message = cli.run("users", "add", "argv", "--password", PASSWORD, expect=2)
        assert "--password-stdin" in message, message
        assert [a["name"] for a in cli.json("users", "list")] == ["admin"]
        passed()

        server = Server(binary, home)
        try:
            session = server.login("admin", PASSWORD)
            assert session is not None, "the account made on the command line cannot sign in"
            assert server.connections_status(session) == 200
            assert server.connections_status() == 401
            passed()

            # A token printed once, listed without its value, honoured until revoked.
            created = cli.json("tokens", "create", "--user", "admin", "--name", "ci")
            token = created["token"]
            assert len(token) >= 32 and created["name"] == "ci", created
            assert server.connections_status(token=token) == 200
            listed = cli.json("tokens", "list", "--user", "admin")
            assert [(t["id"], t["name"]) for t in listed] == [(created["id"], "ci")], listed
            assert token not in json.dumps(listed)
            cli.run("tokens", "revoke", "--user", "admin", str(created["id"]))
            revoked = server.connections_status(token=token)
            assert revoked == 401, revoked
            cli.run("tokens", "revoke", "--user", "admin", str(created["id"]), expect=3)
            cli.run("tokens", "list", "--user", "nobody", expect=3)
            outputs.remove(json.dumps(created, indent=2) + "\n")  # the one output that shows the token, by design
            passed()

            # A new password: old sessions end, the old password stops working.
            cli.run("users", "passwd", "admin", "--password-stdin", stdin=NEW_PASSWORD + "\n")
            assert server.connections_status(session) == 401
            assert server.login("admin", PASSWORD) is None
            assert server.login("admin", NEW_PASSWORD) is not None
            passed()

            # At a terminal: asked twice without echo; two different answers are refused.
            code, screen = cli.on_terminal(["users", "add", "carol", "--output", "json"], [PASSWORD, PASSWORD])
            assert code == 0 and "Password again: " in screen and PASSWORD not in screen, screen
            code, screen = cli.on_terminal(["users", "add", "dave"], [PASSWORD, NEW_PASSWORD])
            assert code == 2 and "differ" in screen, screen
            carol = server.login("carol", PASSWORD)
            assert carol is not None
            made = carol.post(server.url + "/api/connections", json={
                "connection_name": "carols", "storage_type": "s3", "auth_method": "access_key",
                "aws_access_key_id": "AKIACAROL", "aws_region": "us-east-1", "aws_secret_access_key": NEW_PASSWORD}, timeout=30)
            assert made.status_code == 201, made.text
            assert server.connection_names(carol) == ["carols"]
            passed()

            # The server's own cloud identity: refused to carol until an admin grants it here.
            env_vars = {"connection_name": "host", "storage_type": "s3", "auth_method": "env_vars",
                        "aws_region": "us-east-1"}
            refused = carol.post(server.url + "/api/connections", json=env_vars, timeout=30)
            assert refused.status_code == 403 and refused.json()["error"]["field"] == "auth_method", refused.text
            granted = cli.json("users", "grant", "carol", "ambient-identity")
            assert granted == {"name": "carol", "grants": ["ambient-identity"]}, granted
            listed = {a["name"]: a["grants"] for a in cli.json("users", "list")}
            assert listed == {"admin": [], "carol": ["ambient-identity"]}, listed
            made = carol.post(server.url + "/api/connections", json=env_vars, timeout=30)
            assert made.status_code == 201, made.text
            elsewhere = carol.post(server.url + "/api/connections", timeout=30, json={
                **env_vars, "connection_name": "host2", "endpoint_url": "https://collector.example"})
            assert elsewhere.status_code == 403 and elsewhere.json()["error"]["field"] == "endpoint_url", elsewhere.text
            assert cli.json("users", "revoke", "carol", "ambient-identity")["grants"] == []
            used = carol.post(server.url + "/api/connections/host/test", json={"path": ""}, timeout=30)
            assert used.status_code == 403, used.text
            message = cli.run("users", "grant", "carol", "root", expect=2)
            assert "ambient-identity" in message, message
            cli.run("users", "grant", "nobody", "ambient-identity", expect=3)
            passed()

            # Deleting: never the last admin; a deleted account cannot sign in and its name is free again.
            message = cli.run("users", "delete", "admin", expect=2)
            assert "last admin" in message, message
            cli.run("users", "delete", "carol")
            assert server.login("carol", PASSWORD) is None
            cli.run("users", "delete", "carol", expect=3)
            assert [a["name"] for a in cli.json("users", "list")] == ["admin"]
            again = cli.json("users", "add", "carol", "--password-stdin", stdin=NEW_PASSWORD + "\n")
            assert again["name"] == "carol"
            carol = server.login("carol", NEW_PASSWORD)
            assert carol is not None
            assert server.connection_names(carol) == [], "a new account inherited a deleted one's connections"
            passed()
        finally:
            server.stop()
    for secret in (PASSWORD, NEW_PASSWORD, token):
        leaked = [text[:200] for text in outputs if secret in text]
        assert not leaked, f"a secret was printed: {leaked}"
    passed()
    print(f"cli_accounts_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
