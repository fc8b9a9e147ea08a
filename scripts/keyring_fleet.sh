#!/usr/bin/env bash
# Times a fleet's keys in a real Secret Service (a private gnome-keyring on its own session
# bus, as tests/keyring_test.sh runs it): scripts/keyring_fleet.sh [N] (default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
cargo build --release --locked --example keyring_fleet
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
XDG_DATA_HOME="$data" dbus-run-session -- bash -c "
  eval \"\$(printf throwaway | gnome-keyring-daemon --unlock --components=secrets)\"
  target/release/examples/keyring_fleet $n
"
