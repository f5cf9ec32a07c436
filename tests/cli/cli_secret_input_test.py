"""How the flowfile command takes secrets, run as the real binary against
moto's IAM-checking S3 server (scripts/services/moto-secure): a secret given
by standard input, by a named environment variable or at a hidden terminal
prompt is stored as typed (the server accepts its signatures; a wrong one is
refused), a secret given as an argument is refused without being echoed, and
no secret shows in any output, the terminal screen included.

Usage: cli_secret_input_test.py FLOWFILE_BINARY
"""

import base64
import json
import os
import subprocess
import sys
import tempfile

from terminal import run_on_terminal

outputs: list[str] = []
checks = 0


def passed() -> None:
    global checks
    checks += 1


class Cli:
    def __init__(self, binary: str, home: str) -> None:
        self.binary = binary
        self.env = dict(os.environ, FLOWFILE_HOME=home)

    def run(self, *args: str, stdin: str = "", expect: int = 0, env: dict | None = None) -> str:
        result = subprocess.run([self.binary, *args], input=stdin, capture_output=True, text=True,
                                env=dict(self.env, **(env or {})), timeout=120)
        outputs.extend([result.stdout, result.stderr])
        assert result.returncode == expect, f"{args}: exit {result.returncode}, stderr {result.stderr!r}"
        return result.stdout if expect == 0 else result.stderr

    def on_terminal(self, args: list[str], answers: list[str]) -> tuple[int, str]:
        code, screen = run_on_terminal([self.binary, *args], self.env, answers)
        outputs.append(screen)
        return code, screen


def create_args(name: str) -> list[str]:
    return ["connections", "create", name, "--storage-type", "s3", "--auth-method", "access_key",
            "--aws-access-key-id", os.environ["FLOWFILE_TEST_S3_SECURE_KEY_ID"], "--aws-region", "us-east-1",
            "--endpoint-url", os.environ["FLOWFILE_TEST_S3_SECURE_ENDPOINT"], "--verify-ssl", "false",
            "--output", "json"]


def main(binary: str) -> None:
    secret = os.environ["FLOWFILE_TEST_S3_SECURE_SECRET"]
    wrong = "W" * len(secret)
    with tempfile.TemporaryDirectory() as home:
        cli = Cli(binary, home)

        # A secret as an argument is refused, named by its flag, never echoed; nothing is stored.
        message = cli.run(*create_args("argument"), "--aws-secret-access-key", secret, expect=2)
        assert "--aws-secret-access-key" in message and "--secrets-stdin" in message, message
        assert "--secret-from-env" in message and "--prompt-secrets" in message, message
        assert json.loads(cli.run("connections", "list", "--output", "json")) == []
        passed()

        # Standard input.
        created = json.loads(cli.run(*create_args("stdin"), "--secrets-stdin",
                                     stdin=json.dumps({"aws_secret_access_key": secret})))
        assert created["secrets_set"] == ["aws_secret_access_key"], created
        assert json.loads(cli.run("connections", "test", "stdin", "--output", "json"))["ok"] is True
        passed()

        # A named environment variable; an unset one is refused by the secret
        # field it was for, never by its name (a secret may be typed there).
        created = json.loads(cli.run(*create_args("env"), "--secret-from-env",
                                     "aws_secret_access_key=MY_S3_SECRET", env={"MY_S3_SECRET": secret}))
        assert created["secrets_set"] == ["aws_secret_access_key"], created
        assert json.loads(cli.run("connections", "test", "env", "--output", "json"))["ok"] is True
        message = cli.run(*create_args("env-unset"), "--secret-from-env", "aws_secret_access_key=NOT_SET_ANYWHERE",
                          expect=2)
        assert "NOT_SET_ANYWHERE" not in message and "aws_secret_access_key" in message, message
        message = cli.run(*create_args("env-bad"), "--secret-from-env", "no-equals-sign", expect=2)
        assert "FIELD=VARIABLE" in message, message
        # The value a variable holds is what is stored: a wrong one is refused by the server.
        cli.run(*create_args("env-wrong"), "--secret-from-env", "aws_secret_access_key=MY_S3_SECRET",
                env={"MY_S3_SECRET": wrong})
        cli.run("connections", "test", "env-wrong", expect=5)
        passed()

        # A terminal: create asks for the auth method's required secret, without echo.
        code, screen = cli.on_terminal(create_args("prompted"), [secret])
        assert code == 0, screen
        assert "aws_secret_access_key: " in screen, screen
        assert secret not in screen, "the typed secret was echoed"
        assert json.loads(cli.run("connections", "test", "prompted", "--output", "json"))["ok"] is True
        passed()

        # update --prompt-secrets asks again (optional secrets too: an empty answer skips one).
        code, screen = cli.on_terminal(["connections", "update", "env-wrong", "--prompt-secrets"], [secret, ""])
        assert code == 0, screen
        assert "aws_session_token: " in screen and secret not in screen, screen
        assert json.loads(cli.run("connections", "test", "env-wrong", "--output", "json"))["ok"] is True
        passed()

        # --prompt-secrets without a terminal says what to use instead.
        message = cli.run("connections", "update", "stdin", "--prompt-secrets", expect=2)
        assert "--secrets-stdin" in message, message
        passed()

        # keys status: versions, fingerprints, where the key is, secrets per version; rotation moves them.
        status = json.loads(cli.run("keys", "status", "--output", "json"))
        assert status["source"] == os.path.join(home, "master.key"), status
        assert [v["version"] for v in status["versions"]] == [status["active_version"]], status
        sealed = status["versions"][0]["secrets"]
        assert sealed == 4, status  # stdin, env, env-wrong, prompted: one secret each
        assert len(status["versions"][0]["fingerprint"]) == 16
        cli.run("keys", "rotate")
        rotated = json.loads(cli.run("keys", "status", "--output", "json"))
        assert rotated["active_version"] == status["active_version"] + 1, rotated
        assert [(v["version"], v["secrets"]) for v in rotated["versions"]] == [(rotated["active_version"], sealed)]
        assert rotated["versions"][0]["fingerprint"] != status["versions"][0]["fingerprint"]
        assert json.loads(cli.run("connections", "test", "prompted", "--output", "json"))["ok"] is True
        table = cli.run("keys", "status", "--output", "table")
        assert "Master key from " + os.path.join(home, "master.key") in table, table
        passed()

        for name in os.listdir(home):
            with open(os.path.join(home, name), "rb") as stored:
                assert secret.encode() not in stored.read(), f"secret in {name}"
        passed()

    # Keys from the environment: the source says so and names no file.
    with tempfile.TemporaryDirectory() as home:
        keys = "2:" + base64.b64encode(bytes([2]) * 32).decode() + ",1:" + base64.b64encode(bytes([1]) * 32).decode()
        status = json.loads(Cli(binary, home).run("keys", "status", "--output", "json",
                                                  env={"FLOWFILE_MASTER_KEY": keys}))
        assert status["source"] == "FLOWFILE_MASTER_KEY" and status["active_version"] == 2, status
        assert [(v["version"], v["secrets"]) for v in status["versions"]] == [(1, 0), (2, 0)], status
        assert not os.path.exists(os.path.join(home, "master.key"))
        passed()

    leaked = [text for text in outputs if secret in text or wrong in text]
    assert not leaked, "a secret was printed"
    passed()
    print(f"cli_secret_input_test: {checks} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
