"""Service-account keys for fake-gcs-server: a real RSA key, which Google's
libraries parse before any request (the emulator checks no signature)."""

from __future__ import annotations

import json
import subprocess


def new_private_key() -> str:
    """A fresh 2048-bit RSA private key, PEM."""
    return subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def service_account_json(private_key_id: str, private_key: str | None = None) -> str:
    """A service-account key file's text; `private_key_id` is where a test plants its canary."""
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "flowfile-test",
            "private_key_id": private_key_id,
            "private_key": private_key if private_key is not None else new_private_key(),
            "client_email": "lake@flowfile-test.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": "https://oauth2.googleapis.com/token",
        }
    )
