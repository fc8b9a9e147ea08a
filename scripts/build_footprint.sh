#!/usr/bin/env bash
# The disk and time a clean build of the checks and tests takes, as .ci/run does it: a fresh
# clone of HEAD in a temporary directory, then clippy, doc and `cargo test --no-run`, with the
# target directory's size after each and the largest test binaries.
#
#   scripts/build_footprint.sh            # HEAD of this checkout
#   scripts/build_footprint.sh <commit>   # another commit, for a before/after
set -euo pipefail
cd "$(dirname "$0")/.."

commit=$(git rev-parse "${1:-HEAD}")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
git clone -q . "$dir/src"
git -C "$dir/src" checkout -q "$commit"
cd "$dir/src"
export CARGO_INCREMENTAL=0

step() {
  local name=$1; shift
  local started=$SECONDS
  "$@" >"$dir/$name.log" 2>&1 || { tail -20 "$dir/$name.log"; exit 1; }
  printf '%-10s %4d s   target %s\n' "$name" $((SECONDS - started)) "$(du -sh target | cut -f1)"
}
echo "build footprint of ${commit:0:7} ($(nproc) cores)"
step clippy cargo clippy --all-targets --locked -- -D warnings
step doc env RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked
step test cargo test --locked --no-run
echo "largest test binaries:"
find target/debug/deps -maxdepth 1 -type f -executable -printf '%s %f\n' | sort -n | tail -5 |
  awk '{ printf "  %6.1f MB  %s\n", $1 / 1e6, $2 }'
echo "test binaries: $(find target/debug/deps -maxdepth 1 -type f -executable | wc -l)"
