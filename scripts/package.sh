#!/usr/bin/env bash
# Builds the Debian package and the release tarball, then checks both as an installer would
# meet them: the file list (dpkg-deb -c), the hand-listed run-time libraries in Depends, and
# the extracted binaries answering --version. Output in target/debian and target/dist.
#   scripts/package.sh            build (release) and check
#   scripts/package.sh --check    check what is already built
# Needs cargo-deb 3 (`cargo install cargo-deb --locked`) and dpkg-deb.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture)
deb="target/debian/witi-connect_${version}-1_${arch}.deb"
tarball="target/dist/witi-connect-${version}-$(uname -m)-linux.tar.gz"

if [ "${1:-}" != "--check" ]; then
  echo "package: cargo deb (a release build of both binaries)"
  cargo deb --output "$deb" -- --locked
  echo "package: $tarball"
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  root="$stage/witi-connect-${version}"
  install -Dm755 target/release/witi-connect "$root/bin/witi-connect"
  install -Dm755 target/release/witi-sim "$root/bin/witi-sim"
  install -Dm644 assets/witi-connect.desktop "$root/share/applications/witi-connect.desktop"
  for side in 48 128 256; do
    install -Dm644 "assets/icons/hicolor/${side}x${side}/apps/witi-connect.png" \
      "$root/share/icons/hicolor/${side}x${side}/apps/witi-connect.png"
  done
  install -Dm644 assets/icon.svg "$root/share/icons/hicolor/scalable/apps/witi-connect.svg"
  install -Dm644 assets/man/witi-connect.1 "$root/share/man/man1/witi-connect.1"
  install -Dm644 assets/man/witi-sim.1 "$root/share/man/man1/witi-sim.1"
  install -Dm644 README.md LICENSE-MIT LICENSE-APACHE -t "$root/"
  mkdir -p target/dist
  # Reproducible: sorted names, fixed owner and modification time.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' \
    -C "$stage" -czf "$tarball" "witi-connect-${version}"
fi

fail() { echo "package: FAILED: $*" >&2; exit 1; }

echo "package: checking $deb"
[ -f "$deb" ] || fail "no $deb"
listing=$(dpkg-deb -c "$deb")
for path in ./usr/bin/witi-connect ./usr/bin/witi-sim ./usr/share/applications/witi-connect.desktop \
  ./usr/share/icons/hicolor/48x48/apps/witi-connect.png ./usr/share/icons/hicolor/128x128/apps/witi-connect.png \
  ./usr/share/icons/hicolor/256x256/apps/witi-connect.png ./usr/share/icons/hicolor/scalable/apps/witi-connect.svg \
  ./usr/share/doc/witi-connect/README.md ./usr/share/doc/witi-connect/copyright; do
  grep -q " $path\$" <<<"$listing" || fail "$path is not in the package"
done
grep -Eq " ./usr/share/man/man1/witi-connect\.1(\.gz)?\$" <<<"$listing" || fail "no man page"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libc6 libxkbcommon-x11-0 libegl1 libwayland-client0 libfontconfig1 libx11-6; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done
extract=$(mktemp -d)
trap 'rm -rf "$extract" "${stage:-}"' EXIT
dpkg-deb -x "$deb" "$extract"
got=$("$extract/usr/bin/witi-connect" --version)
[ "$got" = "witi-connect $version" ] || fail "witi-connect --version said: $got"
got=$("$extract/usr/bin/witi-sim" --version)
[ "$got" = "witi-sim $version" ] || fail "witi-sim --version said: $got"
man_page=$(find "$extract/usr/share/man/man1" -name 'witi-connect.1*' | head -1)
zcat -f "$man_page" | grep -q -- 'lang' || fail "the man page does not document --lang"
echo "package: $deb: $(grep -c . <<<"$listing") entries, Depends: $depends"

echo "package: checking $tarball"
[ -f "$tarball" ] || fail "no $tarball"
contents=$(tar -tzf "$tarball")
for path in bin/witi-connect bin/witi-sim share/applications/witi-connect.desktop \
  share/icons/hicolor/256x256/apps/witi-connect.png share/man/man1/witi-connect.1 README.md LICENSE-MIT; do
  grep -q "^witi-connect-${version}/${path}\$" <<<"$contents" || fail "$path is not in the tarball"
done
echo "package: ok"
