#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing meshcert. Idempotent and quiet
# when everything is present. Used by test.sh, demo.sh and bench.sh.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

apt_missing=()
need_deb() { # need_deb PACKAGE CHECK-COMMAND...
    local pkg="$1"; shift
    if ! "$@" >/dev/null 2>&1; then apt_missing+=("$pkg"); fi
}
need_deb libssl-dev test -f /usr/include/openssl/ssl.h
need_deb libsqlite3-dev test -f /usr/include/sqlite3.h  # meshcert watch: its history (CSQLite)
need_deb openssl command -v openssl
need_deb pkg-config command -v pkg-config
# Daemons (nginx, haproxy) install to /usr/sbin, which a non-root PATH may lack.
has_command() { command -v "$1" || test -x "/usr/sbin/$1"; }
for extra in ${MESHCERT_EXTRA_DEBS:-}; do need_deb "${extra%%:*}" has_command "${extra##*:}"; done

if [ "${#apt_missing[@]}" -gt 0 ]; then
    echo "setup: installing ${apt_missing[*]} with apt-get" >&2
    $SUDO apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

pip_missing=()
need_pip() { # need_pip PIP-SPEC PYTHON-MODULE
    if ! python3 -c "import $2" >/dev/null 2>&1; then pip_missing+=("$1"); fi
}
need_pip pyyaml yaml
need_pip cryptography cryptography
for extra in ${MESHCERT_EXTRA_PIP:-}; do need_pip "${extra%%:*}" "${extra##*:}"; done
if [ "${#pip_missing[@]}" -gt 0 ]; then
    echo "setup: installing ${pip_missing[*]} with pip" >&2
    python3 -m pip install -q "${pip_missing[@]}" >&2 || echo "setup: pip install failed; tests that need ${pip_missing[*]} will say so" >&2
fi
