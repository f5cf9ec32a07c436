#!/usr/bin/env bash
# Builds rust/flowfile_tables for one build tree: cargo's intermediate
# artifacts in SHARED_DIR (shared by every tree on the machine, so a new
# clone compiles only our crate), the archive in TARGET_DIR (this tree's).
#
# cargo names our crate's artifacts in the shared directory the same for
# every tree (paths are hashed relative to the crate), and judges them fresh
# by file times: a tree whose sources are older than another tree's last
# build would get that tree's archive. So the sources the shared artifacts
# were built from are recorded, and our crate is cleaned (only it) when this
# tree's differ. One tree at a time: the check, the build and the copy hold
# a lock together.
# Usage: cargo_build_tables.sh CARGO MANIFEST TARGET_DIR SHARED_DIR JOBS
set -euo pipefail
cargo=$1 manifest=$2 target=$3 shared=$4 jobs=$5
crate=$(dirname "$manifest")
mkdir -p "$shared" "$target"
exec 9>"$shared/flowfile_tables.lock"
flock 9

sources=$(cd "$crate" && find Cargo.toml Cargo.lock src include -type f | LC_ALL=C sort | xargs cat | sha256sum)
record="$shared/flowfile_tables.sources"
export CARGO_TARGET_DIR="$target" CARGO_BUILD_BUILD_DIR="$shared"
if [[ "$(cat "$record" 2>/dev/null)" != "$sources" ]]; then
  "$cargo" clean --release --quiet -p flowfile_tables --manifest-path "$manifest"
fi
nice -n 10 "$cargo" build --release --locked -j "$jobs" --manifest-path "$manifest"
printf '%s\n' "$sources" >"$record"
# cargo leaves an up-to-date archive untouched: touch it so the build rule
# that runs this script does not run again on every build.
touch "$target/release/libflowfile_tables.a"
