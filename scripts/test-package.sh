#!/usr/bin/env bash
# Install test of the Debian package: installs build-package/arml-studio_*.deb with apt into a clean
# Debian 12 root (debootstrap, Debian archive only; dependencies come from the archive), then, from
# the installed paths: runs `arml demo` to its first result, starts `arml-studio` offscreen
# (--measure-startup: quits once the window is painted), and checks that the desktop entry, icons,
# metainfo, MIME type and man pages are where desktops and man look. Prints install-to-first-result.
# Needs root (debootstrap, chroot, bind mounts). Run scripts/package.sh first.
#
#   ARML_PACKAGE_CACHE   cache folder (default ~/.cache/arml-studio): debian12-root/ is the pristine
#                        root, made once and reused; each run installs into a throw-away copy of it.
#   ARML_DEBIAN_MIRROR   the Debian archive (default http://deb.debian.org/debian)
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
cache=${ARML_PACKAGE_CACHE:-$HOME/.cache/arml-studio}
base=$cache/debian12-root
root=$cache/debian12-install
mirror=${ARML_DEBIAN_MIRROR:-http://deb.debian.org/debian}
start=$(date +%s)
# shellcheck source=scripts/chroot-root.sh
source scripts/chroot-root.sh

debs=(build-package/arml-studio_*_amd64.deb)
[ -f "${debs[0]}" ] || { echo "test-package: no build-package/arml-studio_*_amd64.deb; run scripts/package.sh" >&2; exit 1; }
[ ${#debs[@]} -eq 1 ] || { echo "test-package: several packages in build-package/: ${debs[*]}" >&2; exit 1; }
deb=${debs[0]}
mkdir -p "$cache"

if [ ! -f "$base/.arml-root-ready" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
  [ -e "$base.tmp" ] && refuse_if_mounted "$base.tmp" && rm -rf "$base.tmp"
  echo "test-package: making a bookworm root in $base (debootstrap from $mirror)"
  debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$cache/debootstrap12.log" 2>&1 ||
    { tail -20 "$cache/debootstrap12.log"; exit 1; }
  echo "deb $mirror bookworm main" >"$base.tmp/etc/apt/sources.list"
  touch "$base.tmp/.arml-root-ready"
  [ -e "$base" ] && refuse_if_mounted "$base" && rm -rf "$base"
  mv "$base.tmp" "$base"
fi

# A fresh copy of the pristine root for this run; removed at exit, after its mounts are undone.
[ -e "$root" ] && refuse_if_mounted "$root" && rm -rf "$root"
cp -a "$base" "$root"
enter_root "$cache/ccache-unused"
cleanup() {
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done
  if awk -v d="$(realpath "$root")/" 'index($2 "/", d) == 1 { f = 1 } END { exit !f }' /proc/mounts; then
    echo "test-package: $root still has mounts inside; not removing it" >&2
  else
    rm -rf "$root"
  fi
}
trap cleanup EXIT
copied=$(date +%s)
echo "test-package: root ready in $((copied - start)) s; installing $deb ($(du -h "$deb" | cut -f1))"

# From here on a user's experience: install the package, then the first result.
in_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "/work/src/$deb" >"$cache/install.log" 2>&1 ||
  { tail -30 "$cache/install.log"; exit 1; }
installed=$(date +%s)
echo "test-package: apt-get install $((installed - copied)) s ($(in_root dpkg-query -W -f='${Installed-Size}' arml-studio) KiB installed, $(grep -c '^Setting up' "$cache/install.log") packages set up)"

fail=0
check() {  # check DESCRIPTION COMMAND...: runs the command in the root, counts a failure
  if in_root "${@:2}" >/dev/null 2>&1; then echo "  ok    $1"; else echo "  FAIL  $1"; fail=1; fi
}

in_root arml demo --out /tmp/demo --threads 2 >"$cache/demo.log" 2>&1 || { tail -30 "$cache/demo.log"; echo "test-package: arml demo failed" >&2; exit 1; }
first=$(date +%s)
echo "test-package: arml demo $((first - installed)) s; install-to-first-result $((first - copied)) s"
check "arml demo wrote runs/demo/summary.json" test -s /tmp/demo/runs/demo/summary.json
check "arml demo wrote runs/demo/metrics.csv" test -s /tmp/demo/runs/demo/metrics.csv
check "arml demo wrote a project (project.json)" grep -q arml-studio-project /tmp/demo/project.json

studio=$(in_root env QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR=/tmp timeout 60 arml-studio --measure-startup 2>&1) && rc=0 || rc=$?
echo "$studio" | sed 's/^/  arml-studio: /'
if [ "$rc" -eq 0 ] && grep -q 'ms after main()' <<<"$studio" && ! grep -qiE 'fatal|could not load|not found' <<<"$studio"; then
  echo "  ok    arml-studio starts offscreen from /usr/bin and paints its window"
else
  echo "  FAIL  arml-studio (rc $rc)"; fail=1
fi

check "arml is /usr/bin/arml" test -x /usr/bin/arml
check "engine plugin in /usr/lib/arml-studio" sh -c 'ls /usr/lib/arml-studio/libarml_interactive*.so'
check "desktop entry /usr/share/applications/arml-studio.desktop" grep -qx 'Icon=arml-studio' /usr/share/applications/arml-studio.desktop
for size in 16 22 24 32 48 64 128 256 512; do
  check "icon hicolor/${size}x${size}/apps/arml-studio.png is a ${size}x${size} PNG" sh -c \
    "od -An -tx1 -j16 -N8 /usr/share/icons/hicolor/${size}x${size}/apps/arml-studio.png | tr -d ' \n' | grep -qx \$(printf '%08x%08x' $size $size)"
done
check "icon hicolor/scalable/apps/arml-studio.svg" grep -q '<svg' /usr/share/icons/hicolor/scalable/apps/arml-studio.svg
check "metainfo /usr/share/metainfo/io.github.armlstudio.ArmlStudio.metainfo.xml" grep -q '<launchable type="desktop-id">arml-studio.desktop' /usr/share/metainfo/io.github.armlstudio.ArmlStudio.metainfo.xml
check "MIME type /usr/share/mime/packages/arml-studio.xml" grep -q 'application/x-arml-studio-project' /usr/share/mime/packages/arml-studio.xml
if in_root test -x /usr/bin/update-mime-database; then
  check "MIME database knows application/x-arml-studio-project" test -f /usr/share/mime/application/x-arml-studio-project.xml
fi
check "user guide /usr/share/doc/arml-studio/README.md (Help › User Guide)" test -s /usr/share/doc/arml-studio/README.md
check "man page arml(1)" sh -c 'zcat /usr/share/man/man1/arml.1.gz | grep -q "^\.TH ARML 1"'
for verb in demo pipeline predict train-cls; do
  check "man page arml-$verb(1)" sh -c "zcat /usr/share/man/man1/arml-$verb.1.gz | grep -q -- '--help'"
done

echo "test-package: total $(( $(date +%s) - start )) s (install-to-first-result $((first - copied)) s)"
[ "$fail" -eq 0 ] || { echo "test-package: FAILED" >&2; exit 1; }
echo "test-package: passed"
