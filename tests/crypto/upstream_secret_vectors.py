"""Fernet, HKDF and upstream Flowfile secret vectors, made by Python's `cryptography`.

`cryptography` is what upstream Flowfile itself uses; the script makes the
vectors, then runs the C++ checks over them: the expected values come from
an independent implementation at test time, never from our own code.

Usage: upstream_secret_vectors.py UPSTREAM_SECRET_TEST_BINARY
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PLAINTEXTS = [b"", b"a", b"x" * 15, b"y" * 16, b"z" * 17, os.urandom(1000),
              "wJalr/K7MDENG+bPxRf? sv=2024&sig=%2B\u00e9\u2603".encode()]


def hkdf(ikm: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def upstream_encrypt(master_key: str, user_id: int, value: str) -> str:
    """flowfile_core.secret_manager.secret_manager.encrypt_secret, as in upstream 0.23.3."""
    key = base64.urlsafe_b64encode(hkdf(master_key.encode(), b"flowfile-secrets-v1", f"user-{user_id}".encode(), 32))
    return f"$ffsec$1${user_id}${Fernet(key).encrypt(value.encode()).decode()}"


def signed_token(key: bytes, body: bytes) -> str:
    """A token over `body` (version..ciphertext) with a valid HMAC, for malformed-but-authentic cases."""
    mac = hmac.new(key[:16], body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(body + mac).decode()


def vectors() -> dict[str, list[dict[str, object]]]:
    hkdf_cases = []
    for ikm, salt, info, length in [
        (os.urandom(32), b"flowfile-secrets-v1", b"user-1", 32),
        (Fernet.generate_key(), b"flowfile-secrets-v1", b"user-123456789", 32),
        (os.urandom(80), os.urandom(80), os.urandom(80), 82),
        (os.urandom(22), b"", b"", 42),
    ]:
        okm = hkdf(ikm, salt, info, length)
        hkdf_cases.append({"ikm": ikm.hex(), "salt": salt.hex(), "info": info.hex(), "okm": okm.hex()})

    fernet_cases = []
    for plaintext in PLAINTEXTS:
        key = Fernet.generate_key()
        fernet_cases.append({"key": key.decode(), "token": Fernet(key).encrypt(plaintext).decode(),
                             "plaintext": plaintext.hex()})

    # A key typed in the standard alphabet ('+', '/'), which Python's
    # urlsafe_b64decode, and so upstream, accepts as the same key.
    key = Fernet.generate_key()
    while b"-" not in key and b"_" not in key:
        key = Fernet.generate_key()
    standard = key.decode().replace("-", "+").replace("_", "/")
    fernet_cases.append({"key": standard, "token": Fernet(standard.encode()).encrypt(b"std").decode(),
                         "plaintext": b"std".hex()})

    upstream_cases = []
    master = Fernet.generate_key().decode()
    for user_id, value in [(1, "AKIA-canary-secret"), (42, "sv=2024-01-01&sig=abc%2F"), (2**40, "")]:
        upstream_cases.append({"master_key": master, "value": upstream_encrypt(master, user_id, value),
                               "plaintext": value.encode().hex()})
    # Legacy secrets: a bare token under the master key itself.
    upstream_cases.append({"master_key": master + "\n", "value": Fernet(master.encode()).encrypt(b"legacy").decode(),
                           "plaintext": b"legacy".hex()})

    other = Fernet.generate_key()
    key = Fernet.generate_key()
    raw = base64.urlsafe_b64decode(key)
    good = base64.urlsafe_b64decode(Fernet(key).encrypt(b"payload"))
    flipped = bytearray(good)
    flipped[30] ^= 1
    iv = os.urandom(16)
    encryptor = Cipher(algorithms.AES(raw[16:]), modes.CBC(iv)).encryptor()
    unpadded = encryptor.update(b"sixteen bytes!\x00\x00") + encryptor.finalize()
    header = b"\x80" + (1_700_000_000).to_bytes(8, "big") + iv
    rejected = [
        {"key": other.decode(), "token": Fernet(key).encrypt(b"payload").decode(), "code": "access_denied"},
        {"key": key.decode(), "token": base64.urlsafe_b64encode(bytes(flipped)).decode(), "code": "access_denied"},
        {"key": key.decode(), "token": signed_token(raw, b"\x81" + good[1:-32]), "code": "invalid_argument"},
        {"key": key.decode(), "token": signed_token(raw, header + unpadded), "code": "invalid_argument"},
        {"key": key.decode(), "token": signed_token(raw, header), "code": "invalid_argument"},
        {"key": key.decode(), "token": base64.urlsafe_b64encode(good[:-1]).decode(), "code": "invalid_argument"},
        {"key": key.decode(), "token": base64.b64encode(good).decode() + "!", "code": "invalid_argument"},
    ]
    bad_keys = [base64.urlsafe_b64encode(os.urandom(31)).decode(), "not a key", "", key.decode()[:-1]]
    upstream_rejected = [
        {"master_key": Fernet.generate_key().decode(), "value": upstream_cases[0]["value"], "code": "access_denied"},
        {"master_key": master, "value": upstream_encrypt(master, 7, "x").replace("$ffsec$1$7$", "$ffsec$1$8$"),
         "code": "access_denied"},
        {"master_key": master, "value": "$ffsec$1$abc$" + Fernet(key).encrypt(b"x").decode(),
         "code": "invalid_argument"},
        {"master_key": master, "value": "$ffsec$1$" + Fernet(key).encrypt(b"x").decode(), "code": "invalid_argument"},
        {"master_key": "not a key", "value": upstream_cases[0]["value"], "code": "invalid_argument"},
    ]
    return {"hkdf": hkdf_cases, "fernet": fernet_cases, "fernet_rejected": rejected,
            "bad_keys": [{"key": k} for k in bad_keys], "upstream": upstream_cases,
            "upstream_rejected": upstream_rejected}


def main(binary: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "vectors.json")
        with open(path, "w") as out:
            json.dump(vectors(), out)
        return subprocess.run([binary], env=dict(os.environ, FLOWFILE_UPSTREAM_SECRET_VECTORS=path)).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
