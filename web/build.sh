#!/usr/bin/env bash
# Builds the web UI into OUT_DIR (type check, then Vite). Installs
# node_modules with `npm ci` only when they are missing or package-lock.json
# changed since the last install, so a second run installs nothing.
# Usage: web/build.sh OUT_DIR
set -euo pipefail
web="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: web/build.sh OUT_DIR}"
stamp="$web/node_modules/.flowfile-lock.sha256"
want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [[ ! -d "$web/node_modules" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "web: installing node_modules (npm ci)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
cd "$web"
./node_modules/.bin/tsc --noEmit -p tsconfig.json
./node_modules/.bin/vite build --logLevel warn --emptyOutDir --outDir "$out"
