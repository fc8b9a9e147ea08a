#!/usr/bin/env bash
# API keys against a real Secret Service: a gnome-keyring daemon on a private D-Bus session
# (dbus-run-session), its keyring in a temporary directory and unlocked with a throwaway
# password; then the fallback with no session bus at all. Run by .ci/run; needs the packages
# gnome-keyring, dbus and libsecret-tools (secret-tool, to see the items as another client).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --locked --test keyring --no-run
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT

echo "keyring: with a gnome-keyring daemon on a private session bus"
XDG_DATA_HOME="$data" dbus-run-session -- bash -c '
  set -euo pipefail
  # The daemon prints its environment; --unlock creates the login keyring with this password.
  eval "$(printf "throwaway-test-password" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  cargo test --locked --test keyring -- --ignored --test-threads=1 keyring_
'

echo "keyring: with no session bus (keys stay in the file)"
DBUS_SESSION_BUS_ADDRESS="unix:path=$data/no-such-bus" \
  cargo test --locked --test keyring -- --ignored fallback_
