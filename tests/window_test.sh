#!/usr/bin/env bash
# The app in a real window under Xvfb, seen as a person sees it:
#   1. pair: click Connect, read the QR off a screenshot with zbarimg, check it is the
#      simulator's current token, scan it, and check that no QR is on screen any more and the
#      simulator says 10;
#   2. expiry: with a fresh instance, wait past one TTL and check the QR on screen changed;
#   3. screenshots of the pairing, paired and fleet views, dark at 1280x800 and light at
#      1024x640, written to $SHOTS (assets/screenshots with --update-screenshots).
# Every process it starts is ended by its PID, also when a step fails.
# Needs: xvfb, imagemagick (import), xdotool, zbar-tools, curl, python3 (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=target/window-test
SHOTS=$OUT
[ "${1:-}" = "--update-screenshots" ] && SHOTS=assets/screenshots
mkdir -p "$OUT" "$SHOTS"
APP="${CARGO_TARGET_DIR:-target}/release/witi-connect"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

fail() { echo "window test: FAILED: $*" >&2; exit 1; }
step() { echo "window test: $*"; }

# Polls "$@" every 0.25 s until it succeeds, for at most $1 seconds.
until_true() {
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.25
  done
}

cargo build --release --locked --bin witi-connect

start_display() { # size -> sets DISPLAY
  local n
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break
  done
  Xvfb ":$n" -screen 0 "${1}x24" -nolisten tcp -noreset >"$OUT/xvfb-$n.log" 2>&1 &
  pids+=($!)
  export DISPLAY=":$n"
  until_true 10 xdotool getdisplaygeometry >/dev/null 2>&1 || fail "Xvfb did not start on :$n"
}

sim_field() { # field -> prints the simulator's value for the demo instance
  curl -fsS "${BASE}_sim/state?wid=demo" | python3 -c "import json,sys; v=json.load(sys.stdin).get('$1'); print('' if v is None else v)"
}
status_is() { [ "$(sim_field status)" = "$1" ]; }
polled() { [ "$(curl -fsS "${BASE}_sim/state?wid=demo" | python3 -c 'import json,sys; print(json.load(sys.stdin)["requests"].get("status.aspx",0))')" -ge 1 ]; }

# The app printed its address; fails at once if the app has exited.
printed_address() {
  kill -0 "$APP_PID" 2>/dev/null || fail "the app exited: $(tail -n 5 "$OUT/app.err")"
  grep -q '^base_url=' "$OUT/app.out"
}

start_app() { # extra args... -> sets BASE
  "$APP" --demo "$@" >"$OUT/app.out" 2>"$OUT/app.err" &
  APP_PID=$!
  pids+=($APP_PID)
  until_true 20 printed_address || fail "the app did not print its simulator's address: $(tail -n 5 "$OUT/app.err")"
  BASE=$(sed -n 's/^base_url=//p' "$OUT/app.out")
  until_true 20 xdotool search --onlyvisible --name witi-connect >/dev/null || fail "no window appeared"
  until_true 10 polled || fail "the app did not poll the demo instance"
  sleep 1 # the first status drawn
}

stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }

shot() { import -window root "$1"; }

# Decodes the one QR on screen into $QR (empty when there is none).
read_qr() {
  shot "$OUT/current.png"
  QR=$(zbarimg -q --raw "$OUT/current.png" 2>/dev/null | head -n 1 || true)
  [ -n "$QR" ]
}

# The Connect button of the "No phone is paired" card at 1280x800. tests/ui_app.rs reads
# these numbers and checks that they land on the button, so a layout change fails there first.
click_connect() { xdotool mousemove 335 176 click 1; }

# ---- 1. pairing, dark, 1280x800
start_display 1280x800
step "pairing on $DISPLAY"
start_app --demo-ttl 30 --theme dark
shot "$SHOTS/start-dark.png"
click_connect
until_true 10 read_qr || fail "no QR could be read from the screen after Connect"
shot "$SHOTS/pairing-dark.png"
TOKEN=$(sim_field token)
[ "$QR" = "$TOKEN" ] || fail "the QR on screen ($QR) is not the simulator's current token ($TOKEN)"
step "the QR on screen decodes to the simulator's token"
curl -fsS -X POST "${BASE}_sim/scan?wid=demo" -d "{\"token\": \"$TOKEN\"}" >/dev/null || fail "the scan was refused"
until_true 10 status_is 10 || fail "the simulator did not reach status 10"
sleep 3 # two pairing polls and a frame
read_qr && fail "a QR is still on screen after pairing: $QR"
shot "$SHOTS/paired-dark.png"
step "paired: no QR on screen, the simulator says 10"
xdotool mousemove 60 105 click 1 # Fleet overview (checked by ui_app.rs too)
sleep 1
shot "$SHOTS/fleet-dark.png"
stop_app

# ---- 2. expiry: a fresh instance, past one TTL
step "expiry"
start_app --demo-ttl 4 --theme dark
click_connect
until_true 10 read_qr || fail "no QR after Connect"
FIRST=$QR
sleep 6 # past the 4 s TTL, the refresh and a frame
until_true 5 read_qr || fail "no QR after the TTL"
[ "$QR" != "$FIRST" ] || fail "the QR on screen did not change after its TTL"
[ "$QR" = "$(sim_field token)" ] || fail "the refreshed QR is not the simulator's current token"
step "the QR on screen changed after one TTL"
stop_app

# ---- 3. light theme at the smallest supported size
start_display 1024x640
step "light theme at 1024x640 on $DISPLAY"
start_app --demo-ttl 30 --theme light
click_connect
until_true 10 read_qr || fail "no QR readable at 1024x640 in the light theme"
shot "$SHOTS/pairing-light-small.png"
TOKEN=$(sim_field token)
curl -fsS -X POST "${BASE}_sim/scan?wid=demo" -d "{\"token\": \"$TOKEN\"}" >/dev/null
until_true 10 status_is 10 || fail "not paired at 1024x640"
sleep 3
shot "$SHOTS/paired-light-small.png"
xdotool mousemove 60 105 click 1
sleep 1
shot "$SHOTS/fleet-light-small.png"
stop_app

echo "window-test: 3 passed, 0 failed"
