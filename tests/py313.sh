#!/usr/bin/env bash
# The unit, runtime, emulator, store and API suites on Python 3.13, the Lambda runtime's Python (`make test-py313`).
#
# A working `python3.13` on PATH (Debian 13) is used directly, with its venv in .venv313/.
# Otherwise (Debian 12 has only 3.11) the Python comes from Debian's own packages: a Debian 13
# root made once with mmdebstrap (python3.13 + python3.13-venv, ~165 MB) and cached in
# .cache/py313/ (PY313_CACHE), with the venv inside it. Each run chroots into it with the
# checkout bind-mounted at its own path, so paths are the same inside and out, and unmounts
# on any exit. Nothing but Debian's mirror and PyPI is contacted.
#
# Usage: tests/py313.sh [pytest arguments]   (default: the unit, runtime, emulator, store and API suites, not slow)
set -euo pipefail
CHECKOUT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="$(mkdir -p "${PY313_CACHE:-$CHECKOUT/.cache/py313}" && cd "${PY313_CACHE:-$CHECKOUT/.cache/py313}" && pwd)"
SUITES=(tests/unit tests/runtime tests/emulator tests/store tests/api)
if [ "$#" -gt 0 ]; then PYTEST=("$@"); else PYTEST=(-n 2 -m "not slow" "${SUITES[@]}"); fi
REQ_HASH="$(cat "$CHECKOUT/requirements.txt" "$CHECKOUT/requirements.lock" "$CHECKOUT/requirements-dev.txt" | sha1sum | cut -c1-12)"
step() { printf 'py313 [%3ds]: %s\n' "$SECONDS" "$*"; }

# The venv script run by a 3.13 interpreter: $1 python, $2 venv folder. Installs as the Makefile
# does for .venv (requirements-dev.txt constrained by the lock), once per requirements digest.
VENV_SETUP='
set -euo pipefail
python="$1"; venv="$2"; stamp="$venv/.installed-'"$REQ_HASH"'"
if [ ! -e "$stamp" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  sed -e "/--hash=/d" -e "s/ *\\\\$//" requirements.lock > "$venv/lock-constraints.txt"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt \
    -c "$venv/lock-constraints.txt"
  touch "$stamp"
fi
'

if python3.13 -c 'import sys; assert sys.version_info[:2] == (3, 13)' >/dev/null 2>&1; then
  cd "$CHECKOUT"
  step "python3.13 from PATH ($(python3.13 -c 'import platform; print(platform.python_version())'))"
  bash -c "$VENV_SETUP" venv-setup python3.13 "$CHECKOUT/.venv313"
  step "venv .venv313 ready; ${PYTEST[*]}"
  exec .venv313/bin/python -m pytest "${PYTEST[@]}"
fi

[ "$(id -u)" -eq 0 ] || { echo "py313: no python3.13 on PATH, and making one with mmdebstrap + chroot needs root" >&2; exit 2; }
ROOT="$CACHE/root"
VENV=/opt/venv313
exec 9>"$CACHE/.lock"
flock 9  # one run per cache: mounts and the venv are shared

mirror() {  # the Debian mirror apt already uses (deb822 or one-line sources), not the security one
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -n1 || true)"
  [ -n "$uri" ] || uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    | awk '{print $2}' | grep -v security | head -n1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

if [ ! -e "$ROOT/.complete" ]; then
  command -v mmdebstrap >/dev/null || { step "installing mmdebstrap"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q mmdebstrap >/dev/null; }
  step "making a Debian 13 root with python3.13 in $ROOT (once)"
  # Built beside the cache and moved in whole: nothing is ever mounted in the .new folder,
  # so removing a half-made one is safe.
  rm -rf "$ROOT.new"
  mmdebstrap --quiet --variant=apt --include=python3.13,python3.13-venv trixie "$ROOT.new" "$(mirror)"
  # Never remove a root with something mounted in it: the checkout itself is bind-mounted there.
  if grep -qs " $ROOT/" /proc/mounts; then echo "py313: $ROOT has mounts left; unmount them first" >&2; exit 2; fi
  rm -rf "$ROOT"
  mv "$ROOT.new" "$ROOT"
  touch "$ROOT/.complete"
fi

MOUNTS=()
unmount_all() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTS[$i]}" 2>/dev/null || umount -l "${MOUNTS[$i]}" || true
  done
}
CHILD=""
trap unmount_all EXIT
# On Ctrl-C or kill: stop what runs in the root (its own process group), then unmount.
trap '[ -z "$CHILD" ] || kill -TERM -- "-$CHILD" 2>/dev/null; wait; exit 130' INT TERM
attach() {  # attach TYPE SOURCE TARGET: mount once (a killed run may have left one)
  mkdir -p "$3"
  if ! mountpoint -q "$3"; then
    if [ "$1" = bind ]; then mount --bind "$2" "$3"; else mount -t "$1" "$2" "$3"; fi
  fi
  MOUNTS+=("$3")
}
attach proc proc "$ROOT/proc"
attach bind /dev "$ROOT/dev"
attach bind "$CHECKOUT" "$ROOT$CHECKOUT"
# pip reaches PyPI with the host's resolver and CA bundle (the root has neither).
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/host-ca-certificates.crt"

CHROOT="$(command -v chroot)"
in_root() {
  # Only what the tests need: the host's pip configuration (local wheel folders) means nothing here.
  env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
    PIP_CERT=/etc/host-ca-certificates.crt PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ${PIP_INDEX_URL:+PIP_INDEX_URL="$PIP_INDEX_URL"} ${HTTPS_PROXY:+HTTPS_PROXY="$HTTPS_PROXY"} \
    ${https_proxy:+https_proxy="$https_proxy"} PYTHONDONTWRITEBYTECODE=1 \
    "$CHROOT" "$ROOT" /bin/bash -c "cd '$CHECKOUT' && $1" "${@:2}"
}
step "Python $(in_root 'python3.13 -c "import platform; print(platform.python_version())"') in the cached Debian 13 root"
in_background() {  # so that a signal reaches the traps at once, not when the child is done
  set -m
  in_root "$@" &
  CHILD=$!
  set +m
  wait "$CHILD"
}
in_background "$VENV_SETUP" venv-setup python3.13 "$VENV"
step "venv $VENV ready; ${PYTEST[*]}"
in_background '"$0" -m pytest "$@"' "$VENV/bin/python" "${PYTEST[@]}"
