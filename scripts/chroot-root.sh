# Sourced by scripts/test-debian13.sh and scripts/build-cuda-debian13.sh: enter the Debian root "$root"
# with the checkout "$src" at /work/src, ../shared at /work/shared and the ccache folder $1 at /ccache,
# all bind mounts undone when the script exits. Defines in_root COMMAND...: the command in that root
# with a clean environment.
enter_root() {
  local ccache_dir=$1
  mounts=()
  trap 'for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null || true; done' EXIT
  bind_into_root /proc /proc
  bind_into_root /dev /dev
  bind_into_root "$src" /work/src
  [ -d "$src/../shared" ] && bind_into_root "$(cd "$src/.." && pwd)/shared" /work/shared
  mkdir -p "$ccache_dir"
  bind_into_root "$ccache_dir" /ccache
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

bind_into_root() {  # bind_into_root SOURCE TARGET_IN_ROOT
  mkdir -p "$root$2"
  mount --bind "$1" "$root$2"
  mounts=("$root$2" "${mounts[@]}")
}

# refuse_if_mounted DIR: stops the script when something is mounted under DIR (a root that another
# script has entered): copying or deleting it then would copy or delete the checkout bound inside.
refuse_if_mounted() {
  local dir
  dir=$(realpath "$1")
  if awk -v d="$dir/" 'index($2 "/", d) == 1 { found = 1 } END { exit !found }' /proc/mounts; then
    echo "$(basename "$0"): $dir is in use (something is mounted inside it, e.g. scripts/test-debian13.sh is running); try again when it has finished" >&2
    exit 2
  fi
}

in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
