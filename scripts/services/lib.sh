# Shared helpers for the test service scripts (sourced, not run).

# Prints a TCP port on 127.0.0.1 that is free right now.
free_port() {
  "$FLOWFILE_PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until something accepts connections on 127.0.0.1:$1 (at most $2 seconds).
wait_for_port() {
  "$FLOWFILE_PYTHON" - "$1" "${2:-30}" <<'PY'
import socket, sys, time
port, limit = int(sys.argv[1]), float(sys.argv[2])
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(f"nothing listens on 127.0.0.1:{port} after {limit}s")
PY
}

# Stops the process whose pid is in file $1, if it still runs.
stop_pidfile() {
  [[ -f "$1" ]] || return 0
  local pid; pid=$(cat "$1")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$1"
}
