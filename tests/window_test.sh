#!/usr/bin/env bash
# The app in a real window under Xvfb, seen as a person sees it: every check reads the app's
# own screen (QR codes with zbarimg, words with tesseract), and the app must still be running
# after each step.
#   1. pair: click Connect, read the QR off a screenshot, check it is the simulator's current
#      token, scan the token read from the screen, then read "Paired as" off the window and
#      check that no QR is left on it; open the fleet overview and read its title;
#   2. expiry: with a fresh instance, wait past one TTL and check the QR on screen changed;
#   3. the same pairing in the light theme at 1024x640;
#   4. a paired demo instance shows health, its history's uptime and charts on one screen;
#      the command palette opens with Ctrl+K and finds "Close session" from "clos sess"; the
#      diagnostics drawer shows the newest request's answer, masked
#   5. a fleet of 5,000 (witi-sim --fleet) in both themes: the counts by state, the overview's
#      title and its selection of all 5,000 read off the screen;
#   6. one window: a second start with the same instance list exits, and the running window
#      opens the instance it named;
#   7. screenshots of the pairing, paired, fleet and history views written to $SHOTS
#      (assets/screenshots with --update-screenshots).
# Every process it starts is ended by its PID, also when a step fails.
# Needs: xvfb, imagemagick, xdotool, zbar-tools, tesseract-ocr, curl, python3 (.ci/run
# installs them).
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

cargo build --release --locked --bin witi-connect --bin witi-sim
SIM="${CARGO_TARGET_DIR:-target}/release/witi-sim"

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

# Fails at once, with the app's last words, if the app is no longer running.
alive() {
  kill -0 "$APP_PID" 2>/dev/null || fail "the app exited: $(tail -n 5 "$OUT/app.err")"
}

# The words on screen, read by OCR into $OUT/screen.txt (grey, twice the size: tesseract
# reads egui's small text best that way; the dark theme is inverted to dark on light).
read_screen() {
  shot "$OUT/ocr.png"
  local negate=()
  [ "$THEME" = dark ] && negate=(-negate)
  convert "$OUT/ocr.png" -colorspace Gray "${negate[@]}" -resize 200% "$OUT/ocr-prepared.png"
  tesseract "$OUT/ocr-prepared.png" - 2>/dev/null >"$OUT/screen.txt" || true
}
# The screen shows text matching the extended regex $1.
screen_says() { read_screen; grep -Eq "$1" "$OUT/screen.txt"; }

# The app printed its address; fails at once if the app has exited.
printed_address() {
  kill -0 "$APP_PID" 2>/dev/null || fail "the app exited: $(tail -n 5 "$OUT/app.err")"
  grep -q '^base_url=' "$OUT/app.out"
}

start_app() { # theme, extra args... -> sets BASE and THEME
  THEME=$1; shift
  "$APP" --demo --theme "$THEME" "$@" >"$OUT/app.out" 2>"$OUT/app.err" &
  APP_PID=$!
  pids+=($APP_PID)
  until_true 20 printed_address || fail "the app did not print its simulator's address: $(tail -n 5 "$OUT/app.err")"
  BASE=$(sed -n 's/^base_url=//p' "$OUT/app.out")
  until_true 20 xdotool search --onlyvisible --name witi-connect >/dev/null || fail "no window appeared"
  until_true 10 polled || fail "the app did not poll the demo instance"
  # The demo instance is not paired; with --instance "Loja Centro" it is a paired one.
  until_true 20 screen_says "${FIRST_STATUS:-No phone is paired}" \
    || fail "the first status was not drawn: $(cat "$OUT/screen.txt")"
  alive
}

stop_app() { kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; }

shot() { import -window root "$1"; }

# Decodes the one QR on screen into $QR (empty when there is none).
read_qr() {
  shot "$OUT/current.png"
  QR=$(zbarimg -q --raw "$OUT/current.png" 2>/dev/null | head -n 1 || true)
  [ -n "$QR" ]
}

# Reads the QR on screen again and checks that it is the simulator's current one: the token
# read just before the screenshot or just after it (a refresh may fall between the two).
qr_is_current() {
  local before after
  before=$(sim_field token)
  read_qr || fail "the QR could not be read again"
  after=$(sim_field token)
  [ "$QR" = "$before" ] || [ "$QR" = "$after" ] \
    || fail "the QR on screen ($QR) is not the simulator's current token ($before, then $after)"
}

# The Connect button of the "No phone is paired" card at 1280x800. tests/suite/ui_app.rs reads
# these numbers and checks that they land on the button, so a layout change fails there first.
click_connect() { xdotool mousemove 335 176 click 1; }
click_overview() { xdotool mousemove 60 105 click 1; }
# With 5,000 the side panel's title is wider and its buttons go under it: the button is lower.
click_fleet_overview() { xdotool mousemove 60 128 click 1; }

# Connect, read the QR, check it is the simulator's current one, scan what was read off the
# screen, and read "Paired as" off the window. $1 names the screenshots.
pair_from_screen() {
  click_connect
  until_true 15 read_qr || fail "no QR could be read from the screen after Connect"
  alive
  shot "$SHOTS/pairing-$1.png"
  qr_is_current
  step "the QR on screen decodes to the simulator's token"
  curl -fsS -X POST "${BASE}_sim/scan?wid=demo" -d "{\"token\": \"$QR\"}" >/dev/null \
    || fail "the scan of the QR read off the screen was refused"
  until_true 20 screen_says "Paired as" || fail "the window never said 'Paired as': $(cat "$OUT/screen.txt")"
  alive
  read_qr && fail "a QR is still on screen after pairing: $QR"
  [ "$(sim_field status)" = 10 ] || fail "the window says paired but the simulator does not"
  shot "$SHOTS/paired-$1.png"
  step "paired: the window says 'Paired as', shows no QR, and the app runs"
}

# Opens the fleet overview and reads its title off the window. $1 names the screenshot.
overview_from_screen() {
  click_overview
  until_true 10 screen_says "Fleet overview \(?[0-9]+ instances" \
    || fail "the fleet overview did not open: $(cat "$OUT/screen.txt")"
  alive
  shot "$SHOTS/fleet-$1.png"
  step "the fleet overview is on screen"
}

# ---- 1. pairing, dark, 1280x800
start_display 1280x800
step "pairing on $DISPLAY"
start_app dark --demo-ttl 30
shot "$SHOTS/start-dark.png"
pair_from_screen dark
overview_from_screen dark
stop_app

# ---- 2. expiry: a fresh instance, past one TTL
step "expiry"
start_app dark --demo-ttl 4
click_connect
until_true 15 read_qr || fail "no QR after Connect"
FIRST=$QR
sleep 6 # past the 4 s TTL, the refresh and a frame
until_true 10 read_qr || fail "no QR after the TTL"
alive
[ "$QR" != "$FIRST" ] || fail "the QR on screen did not change after its TTL"
qr_is_current
step "the QR on screen changed after one TTL"
stop_app

# ---- 3. light theme at the smallest supported size
start_display 1024x640
step "light theme at 1024x640 on $DISPLAY"
start_app light --demo-ttl 30
pair_from_screen light-small
overview_from_screen light-small
stop_app

# Ctrl+K (focus given first: no window manager gives it), then the text typed into the palette.
open_palette_and_type() {
  xdotool windowfocus --sync "$(xdotool search --onlyvisible --name witi-connect | head -n 1)" || true
  screen_says "Command palette" || xdotool key ctrl+k
  sleep 0.3
  screen_says "Command palette" || return 1
  xdotool type --delay 40 "$1"
}
screen_not_says() { read_screen; ! grep -Eq "$1" "$OUT/screen.txt"; }
# The Diagnostics toggle in the instance's header, and the drawer's newest row, at 1280x800.
click_diagnostics() { xdotool mousemove 1160 53 click 1; }
select_newest_request() {
  xdotool mousemove 1000 174
  sleep 0.2
  xdotool click 1
  sleep 0.4
  screen_says "Answer \(key"
}
# The answer pane scrolled down a notch at a time until its "wid" line can be read.
answer_shows_wid() {
  grep -q "whatsapp.net" "$OUT/screen.txt" && return 0
  xdotool mousemove 1050 650 click 5
  sleep 0.3
  screen_says "whatsapp.net"
}

# ---- 4. a paired instance's health and history on one screen, both themes, 1280x800
start_display 1280x800
for THEME_NAME in dark light; do
  step "history, $THEME_NAME"
  FIRST_STATUS="Paired as" start_app "$THEME_NAME" --instance "Loja Centro"
  until_true 20 screen_says "Uptime [0-9.]+ ?% of the [0-9]+ ?% watched" \
    || fail "the History card's uptime is not on screen: $(cat "$OUT/screen.txt")"
  screen_says "Stats" && screen_says "Battery" && screen_says "Storage" && screen_says "Poll latency" \
    || fail "health and charts are not all on one screen: $(cat "$OUT/screen.txt")"
  alive
  shot "$SHOTS/history-$THEME_NAME.png"
  step "health, the strip with uptime and the charts fit one 1280x800 screen ($THEME_NAME)"
  # The command palette from the keyboard: Ctrl+K and a few letters.
  until_true 15 open_palette_and_type "clos sess" || fail "Ctrl+K did not open the palette: $(cat "$OUT/screen.txt")"
  until_true 10 screen_says "Close session" || fail "the palette did not find 'Close session': $(cat "$OUT/screen.txt")"
  xdotool mousemove 700 790
  sleep 0.3
  shot "$SHOTS/palette-$THEME_NAME.png"
  xdotool key Escape
  until_true 10 screen_not_says "Command palette" || fail "Esc did not close the palette"
  alive
  step "the command palette found 'Close session' from 'clos sess' ($THEME_NAME)"
  # The diagnostics drawer: open it, select the newest request, read its masked answer.
  click_diagnostics
  until_true 10 screen_says "Last requests" || fail "the diagnostics drawer did not open: $(cat "$OUT/screen.txt")"
  until_true 10 select_newest_request || fail "no answer shown for the newest request: $(cat "$OUT/screen.txt")"
  # The answer's "wid" line shows the phone number masked (the device card beside it shows
  # the number in full, as it should). It is below the answer's fold: scrolled into view.
  until_true 20 answer_shows_wid || fail "the answer's wid line never came into view: $(cat "$OUT/screen.txt")"
  grep "whatsapp.net" "$OUT/screen.txt" | grep -Eqv "[0-9]{10}" \
    || fail "the answer's phone number is not masked: $(grep whatsapp "$OUT/screen.txt")"
  alive
  xdotool mousemove 700 790
  sleep 0.3
  shot "$SHOTS/diagnostics-$THEME_NAME.png"
  step "the diagnostics drawer lists the requests and shows a masked answer ($THEME_NAME)"
  stop_app
done

# Ctrl+A in the overview, until the window says all 5,000 are selected. The keyboard goes to
# the focused window, and with no window manager nothing gives it focus: it is given here, and
# given again on the next try should X not have taken it yet (pressing Ctrl+A twice is
# harmless).
select_all_from_keyboard() {
  xdotool windowfocus --sync "$(xdotool search --onlyvisible --name witi-connect | head -n 1)" || true
  xdotool key ctrl+a
  sleep 0.5
  screen_says "5,000 ?selected"
}

# ---- 5. a fleet of 5,000, both themes, 1280x800
FLEET=$OUT/fleet
rm -rf "$FLEET" && mkdir -p "$FLEET"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$SIM" --port "$PORT" --fleet 5000 >"$FLEET/sim.out" 2>&1 &
pids+=($!)
until_true 20 curl -fsS "http://127.0.0.1:$PORT/_sim/state?wid=fleet-04999" -o /dev/null || fail "witi-sim --fleet did not start"
python3 - "$PORT" "$FLEET/instances.json" <<'PY'
import json, sys
port, path = sys.argv[1], sys.argv[2]
rows = [{"id": f"{i:016x}", "name": f"Loja {i:05}", "base_url": f"http://127.0.0.1:{port}/",
         "key": f"fleet-{i:05}", "tags": [f"region-{i % 7}"]} for i in range(5000)]
json.dump({"version": 1, "instances": rows}, open(path, "w"))
PY
for THEME_NAME in dark light; do
  step "a fleet of 5,000, $THEME_NAME"
  THEME=$THEME_NAME
  # Away from any button: a tooltip left by the last click would cover the counts.
  xdotool mousemove 700 790
  # A home of its own: the layout this run remembers stays out of the user's.
  HOME="$FLEET/home" XDG_DATA_HOME="$FLEET/home/.local/share" XDG_CONFIG_HOME="$FLEET/home/.config" \
    "$APP" --config "$FLEET/instances.json" --history "$FLEET/history.sqlite3" --theme "$THEME" \
    >"$OUT/app.out" 2>"$OUT/app.err" &
  APP_PID=$!
  pids+=($APP_PID)
  until_true 20 xdotool search --onlyvisible --name witi-connect >/dev/null || fail "no window appeared"
  until_true 60 screen_says "Paired ?2,500" \
    || fail "the counts by state did not reach 'Paired 2,500': $(cat "$OUT/screen.txt")"
  alive
  click_fleet_overview
  until_true 10 screen_says "Fleet overview \(5000 instances\)" \
    || fail "the overview of 5,000 did not open: $(cat "$OUT/screen.txt")"
  screen_says "Not ?connected ?2,500" || fail "the overview's counts are not on screen: $(cat "$OUT/screen.txt")"
  until_true 15 select_all_from_keyboard || fail "Ctrl+A did not select 5,000: $(cat "$OUT/screen.txt")"
  alive
  xdotool mousemove 700 790 # no tooltip in the screenshot
  sleep 0.5
  shot "$SHOTS/fleet-5000-$THEME_NAME.png"
  step "5,000 instances counted by state, listed and selected ($THEME_NAME)"
  if [ "$THEME_NAME" = dark ]; then
    # ---- 6. one window: a second start with the same list hands on its --instance and exits.
    start=$SECONDS
    HOME="$FLEET/home" XDG_DATA_HOME="$FLEET/home/.local/share" XDG_CONFIG_HOME="$FLEET/home/.config" \
      timeout 20 "$APP" --config "$FLEET/instances.json" --instance "Loja 04242" \
      >"$OUT/second.out" 2>"$OUT/second.err" || fail "the second start failed: $(cat "$OUT/second.err")"
    took=$((SECONDS - start))
    grep -q "already runs" "$OUT/second.out" || fail "the second start did not hand on: $(cat "$OUT/second.out")"
    alive
    windows=$(xdotool search --onlyvisible --name witi-connect | wc -l)
    [ "$windows" -eq 1 ] || fail "$windows windows after a second start"
    until_true 10 screen_says "Loja 04242" || fail "the running window did not open Loja 04242: $(cat "$OUT/screen.txt")"
    step "a second start raised the one window, opened Loja 04242 and exited after ${took} s"
  fi
  stop_app
done

echo "window-test: 6 passed, 0 failed"
