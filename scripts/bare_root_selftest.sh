#!/usr/bin/env bash
# Proves the list of runtime packages in docs/packaging.md: builds a minimal Debian 12 root
# (debootstrap --variant=minbase bookworm), installs only those packages, copies dist/chancery in
# and runs its self-test there. Prints PASS, or FAIL with the shared libraries that are missing.
#
#   scripts/bare_root_selftest.sh [--display] [--x11]
#     --display   also install DISPLAY_PACKAGES and WAYLAND_PACKAGES and check that every bundled
#                 library then resolves (the X11 and Wayland plugins included)
#     --x11       as --display, then run the self-test on the xcb platform under Xvfb
#
# CHANCERY_RUNTIME_PACKAGES overrides the runtime list (to try a shorter one).
# Needs root, debootstrap and a Debian mirror (taken from /etc/apt, or CHANCERY_DEBIAN_MIRROR).
# The minbase root and downloaded .debs are cached in build/bare-root/; each run installs into
# a fresh copy, so packages from an earlier run never hide a missing one.
set -euo pipefail
cd "$(dirname "$0")/.."

# Keep these two lists identical to docs/packaging.md and .ci/run (tests/test_packaging.py checks).
RUNTIME_PACKAGES="${CHANCERY_RUNTIME_PACKAGES:-libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0 libx11-6}"
DISPLAY_PACKAGES="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 libxcb-xkb1"
# A Wayland session has these already; listed so the check covers the Wayland plugin too.
WAYLAND_PACKAGES="libwayland-cursor0 libwayland-egl1"

WITH_DISPLAY=no X11=no
for arg in "$@"; do
  case "$arg" in
    --display) WITH_DISPLAY=yes ;;
    --x11) WITH_DISPLAY=yes X11=yes ;;
    *) echo "usage: $0 [--display] [--x11]" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" = 0 ] || { echo "needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install -y debootstrap" >&2; exit 2; }
[ -x dist/chancery/chancery ] || { echo "no bundle: run make bundle first" >&2; exit 2; }

mirror="${CHANCERY_DEBIAN_MIRROR:-}"
if [ -z "$mirror" ]; then
  # The first Debian (not security) mirror the host's apt uses, deb822 or one-line format.
  mirror=$(grep -h -E '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null \
    | grep -o -E 'https?://[^ ]+' | grep -v -- '-security' | grep '/debian' | head -n1 || true)
fi
mirror="${mirror:-http://deb.debian.org/debian}"

CACHE="$PWD/build/bare-root"
BASE="$CACHE/base"
WORK="$CACHE/root"
DEBS="$CACHE/debs"
mkdir -p "$CACHE" "$DEBS/partial"

if [ ! -e "$BASE/.complete" ]; then
  echo "== debootstrap minbase bookworm from $mirror (cached in $BASE)"
  rm -rf "$BASE"
  debootstrap --variant=minbase bookworm "$BASE" "$mirror" >"$CACHE/debootstrap.log" 2>&1 \
    || { tail -n 20 "$CACHE/debootstrap.log"; echo "FAIL: debootstrap"; exit 1; }
  touch "$BASE/.complete"
fi

echo "== fresh root from the cached base"
rm -rf "$WORK"
cp -a "$BASE" "$WORK"
echo "deb $mirror bookworm main" >"$WORK/etc/apt/sources.list"

# Runs a command in the root with /proc, /dev and a private /tmp; the mount namespace
# is private, so nothing stays mounted when the command ends, even on failure.
in_root() {
  unshare --mount --propagation private /bin/sh -s "$WORK" "$DEBS" "$@" <<'EOF'
root=$1 debs=$2; shift 2
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev"
mount -t tmpfs tmpfs "$root/tmp"
mount --bind "$debs" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
exec chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
EOF
}

install_packages() {
  echo "== apt-get install --no-install-recommends $*"
  in_root sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $* >/dev/null" || { echo "FAIL: apt-get install $*"; exit 1; }
}

# Every bundled ELF file whose libraries do not all resolve, as "file: missing sonames".
missing_libraries() {
  in_root sh -c '
    cd /opt/chancery/_internal
    export LD_LIBRARY_PATH=/opt/chancery/_internal:/opt/chancery/_internal/PySide6/Qt/lib
    find . -name "*.so*" -type f | sort | while read -r f; do
      gone=$(ldd "$f" 2>/dev/null | awk "/not found/ {print \$1}" | sort -u | tr "\n" " ")
      [ -n "$gone" ] && echo "${f#./}: $gone"
    done; true'
}

install_packages $RUNTIME_PACKAGES
du -sh "$WORK" | awk '{print "== root size with the runtime packages: " $1}'
cp -a dist/chancery "$WORK/opt/chancery"

echo "== chancery --selftest (offscreen) in the bare root"
status=0
in_root sh -c 'cd /tmp && QT_QPA_PLATFORM=offscreen /opt/chancery/chancery --selftest --screenshot /tmp/s.png \
  && cp /tmp/s.png /opt/selftest.png' >"$CACHE/selftest.log" 2>&1 || status=$?
cat "$CACHE/selftest.log"
[ -f "$WORK/opt/selftest.png" ] && cp "$WORK/opt/selftest.png" "$CACHE/selftest-offscreen.png"

echo "== libraries the bundle cannot resolve in the bare root"
missing_libraries | tee "$CACHE/missing-runtime.txt"
# The offscreen platform, Qt's core libraries and Python's modules must resolve; the
# X11 and Wayland plugins are only loaded on a real display.
core_missing=$(grep -v -E '(xcb|wayland|Wayland|Wl|EglFs|egl-integration)' "$CACHE/missing-runtime.txt" || true)
if grep -q -E 'QFontDatabase|Cannot find font' "$CACHE/selftest.log"; then
  echo "note: Qt found no fonts (text renders as nothing); a font package is needed"
  [ "$status" = 0 ] && status=1
fi

if [ "$WITH_DISPLAY" = yes ]; then
  install_packages $DISPLAY_PACKAGES $WAYLAND_PACKAGES
  echo "== libraries still missing with the display packages"
  missing_libraries | tee "$CACHE/missing-display.txt"
  core_missing="$core_missing$(cat "$CACHE/missing-display.txt")"
  if [ "$X11" = yes ]; then
    # Xvfb brings libraries of its own, so this runs after the ldd check above.
    install_packages xvfb xauth
    echo "== chancery --selftest on the xcb platform under Xvfb"
    in_root sh -c "cd /tmp && QT_QPA_PLATFORM=xcb xvfb-run -a -s '-screen 0 1400x900x24' \
      /opt/chancery/chancery --selftest --screenshot /tmp/x.png && cp /tmp/x.png /opt/selftest-x11.png" \
      >"$CACHE/selftest-x11.log" 2>&1 || status=$?
    cat "$CACHE/selftest-x11.log"
    [ -f "$WORK/opt/selftest-x11.png" ] && cp "$WORK/opt/selftest-x11.png" "$CACHE/selftest-x11.png"
  fi
fi

echo
echo "runtime packages: $RUNTIME_PACKAGES"
[ "$WITH_DISPLAY" = yes ] && echo "display packages: $DISPLAY_PACKAGES (Wayland: $WAYLAND_PACKAGES)"
if [ "$status" = 0 ] && [ -z "$core_missing" ]; then
  echo "PASS: the self-test passed in a minimal bookworm root with only the packages above"
  exit 0
fi
echo "FAIL: self-test exit status $status"
[ -n "$core_missing" ] && { echo "missing libraries:"; echo "$core_missing"; }
exit 1
