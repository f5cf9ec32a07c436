#!/usr/bin/env bash
# Builds the web UI into OUT_DIR: API types generated from api/openapi.yaml,
# type check (vue-tsc), then Vite. Installs node_modules with `npm ci` only
# when they are missing or package-lock.json changed since the last install,
# so a second run installs nothing.
# Usage: web/build.sh OUT_DIR     build
#        web/build.sh --check     generate the API types, then lint (eslint) and format check (prettier)
set -euo pipefail
web="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: web/build.sh OUT_DIR | --check}"
stamp="$web/node_modules/.flowfile-lock.sha256"
want=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [[ ! -d "$web/node_modules" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "web: installing node_modules (npm ci)"
  (cd "$web" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi
cd "$web"
bin="$web/node_modules/.bin"
# Written only when it changes, so an unchanged API rebuilds nothing.
"$bin/openapi-typescript" ../api/openapi.yaml --default-non-nullable=false --output src/api/schema.d.ts.new >/dev/null
if cmp -s src/api/schema.d.ts.new src/api/schema.d.ts; then rm src/api/schema.d.ts.new
else mv src/api/schema.d.ts.new src/api/schema.d.ts; fi
if [[ "$out" == "--check" ]]; then
  "$bin/eslint" --max-warnings 0 .
  "$bin/prettier" --check --log-level warn .
  echo "web: eslint and prettier found nothing to change"
  exit 0
fi
"$bin/vue-tsc" --noEmit -p tsconfig.json
"$bin/vite" build --logLevel warn --emptyOutDir --outDir "$out"
