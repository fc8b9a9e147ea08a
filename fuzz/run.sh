#!/usr/bin/env bash
# Runs every fuzz target for SECS seconds each (default 600), one after another, from the
# committed seeds. Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Usage: fuzz/run.sh [SECS] [TARGET...]     Logs: fuzz/logs/<target>.log (not committed).
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(responses qr_uri qr_svg)
mkdir -p logs
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  cp -n seeds/$t/* "corpus/$t/" 2>/dev/null || true
  dict=dict/json.dict
  [ "$t" = responses ] || dict=dict/svg.dict
  echo "== $t for ${secs}s"
  # -rss_limit_mb: usvg may legitimately use some memory on a large canvas; 2 GB is a leak.
  cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$secs" -dict="$dict" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 | tee "logs/$t.log" | grep -E "^(#[0-9]+.*DONE|stat::|==|INFO: seed)" || true
  grep -q "Done [0-9]* runs" "logs/$t.log" || { echo "fuzz target $t did not finish cleanly: see fuzz/logs/$t.log"; exit 1; }
done
