"""`flowfile serve` starts on loopback, creates the SQLite store in
FLOWFILE_HOME, answers /api/health, and stops cleanly on SIGTERM."""

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path


def main(binary: str) -> None:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, FLOWFILE_HOME=home)
        server = subprocess.Popen(
            [binary, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, text=True
        )
        try:
            line = server.stdout.readline()
            match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            assert match, f"no listening line, got {line!r}"
            with urllib.request.urlopen(f"http://127.0.0.1:{match[1]}/api/health", timeout=10) as response:
                body = json.load(response)
            assert body["status"] == "ok", body
            assert body["store"] == "sqlite", body
            assert (Path(home) / "flowfile.db").is_file(), "store file not created"
        finally:
            server.send_signal(signal.SIGTERM)
            code = server.wait(timeout=20)
        assert code == 0, f"exit code {code}"
    print("serve_health_test: 1 passed")


if __name__ == "__main__":
    main(sys.argv[1])
