#!/usr/bin/env bash
# Runs the whole test suite (the README's `cargo test`) N times and prints, for every test,
# how often it passed and failed; optionally beside busy loops that load the CPU, as a busy CI
# machine would be.
#
#   scripts/flake_hunt.sh 10              # ten runs on an idle machine
#   scripts/flake_hunt.sh 10 --load 2     # ten runs beside two busy loops (one per core here)
#
# Logs of every run are kept in target/flake-hunt/<stamp>/. Exits 1 if any test failed once.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:?usage: scripts/flake_hunt.sh N [--load K]}
load=0
if [ "${2:-}" = "--load" ]; then load=${3:?--load needs a number of busy loops}; fi

out="target/flake-hunt/$(date +%Y%m%d-%H%M%S)-n${runs}-load${load}"
mkdir -p "$out"

echo "flake hunt: building the tests once"
cargo test --locked --no-run --quiet 2>"$out/build.log" || { cat "$out/build.log"; exit 1; }

busy=()
stop_busy() { for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_busy EXIT
for _ in $(seq 1 "$load"); do
  ( while :; do :; done ) &
  busy+=($!)
done
[ "$load" -gt 0 ] && echo "flake hunt: $load busy loops running (pids ${busy[*]})"

for i in $(seq 1 "$runs"); do
  started=$SECONDS
  if cargo test --locked --no-fail-fast >"$out/run-$i.log" 2>&1; then result=passed; else result=FAILED; fi
  echo "$result" >"$out/run-$i.result"
  echo "flake hunt: run $i/$runs $result in $((SECONDS - started)) s"
done
stop_busy

# Every "test NAME ... ok|FAILED" line, named by its test binary ("Running tests/x.rs").
python3 - "$out" "$runs" <<'PY'
import collections, glob, re, sys
out, runs = sys.argv[1], int(sys.argv[2])
passes, fails = collections.Counter(), collections.Counter()
for log in sorted(glob.glob(f"{out}/run-*.log")):
    binary, failed_here = "?", 0
    for line in open(log, errors="replace"):
        m = re.match(r"\s*Running (?:unittests )?(\S+)", line)
        if m:
            binary = m.group(1)
            continue
        if line.startswith("   Doc-tests"):
            binary = "doc-tests"
        m = re.match(r"test (.+?) \.\.\. (ok|FAILED)$", line.rstrip())
        if m:
            (passes if m.group(2) == "ok" else fails)[f"{binary}::{m.group(1)}"] += 1
            failed_here += m.group(2) == "FAILED"
    # A run that failed with no failing test line: a test binary crashed, or the build broke.
    if open(log.replace(".log", ".result")).read().strip() == "FAILED" and not failed_here:
        fails[f"(a run failed outside any test: {log})"] += 1
names = sorted(set(passes) | set(fails), key=lambda n: (-fails[n], n))
width = max(len(n) for n in names)
print(f"\n{'test':<{width}}  passed  failed")
for n in names:
    print(f"{n:<{width}}  {passes[n]:>6}  {fails[n]:>6}")
flaky = [n for n in names if fails[n]]
print(f"\n{len(names)} tests, {runs} runs: {len(flaky)} failed at least once"
      + ("" if not flaky else ": " + ", ".join(flaky)))
sys.exit(1 if flaky else 0)
PY
