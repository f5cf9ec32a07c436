"""Runs the flowfile command on a pseudo-terminal, as a person at a shell would."""

import os
import pty
import select
import subprocess
import time


def run_on_terminal(argv: list[str], env: dict[str, str], answers: list[str]) -> tuple[int, str]:
    """Runs `argv` with a pseudo-terminal as its standard input, output and
    error, typing each answer after the next prompt (the screen ending in
    ': '; an answered prompt ends in a newline); returns the exit code and
    everything the terminal showed."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env, close_fds=True)
    os.close(follower)
    screen, pending = b"", list(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # closed when the process exits
                break
            if not chunk:
                break
            screen += chunk
            if pending and screen.endswith(b": "):
                os.write(leader, pending.pop(0).encode() + b"\n")
        elif process.poll() is not None:
            break
    code = process.wait(timeout=30)
    os.close(leader)
    assert not pending, f"no prompt for {len(pending)} answers: {screen!r}"
    return code, screen.decode(errors="replace")
