#!/usr/bin/env bash
# The README's test command: sets up a fresh machine, builds, runs every test, then proves no
# secret reached any output (Scripts/check-secrets.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages and pip modules the tests use (name:command / name:module).
# nginx and haproxy: the interop suite (Tests/EndToEndTests/Interop*.swift) runs both as real
# servers on loopback; both live in /usr/sbin (setup.sh looks there too).
export MESHCERT_EXTRA_DEBS="${MESHCERT_EXTRA_DEBS:-} librsvg2-bin:rsvg-convert chromium:chromium nginx:nginx haproxy:haproxy prometheus:prometheus"
export MESHCERT_EXTRA_PIP="${MESHCERT_EXTRA_PIP:-} moto[server]:moto botocore:botocore awscli:awscli"
Scripts/setup.sh

Scripts/check-deps.py  # Package.swift declares exactly what the sources import
swift build --build-tests
# The generator of swift-argument-parser's generate-manual plugin, for ManPageTests (docs/man and
# the options blocks of docs/ must be what the command definitions give; see Scripts/man.sh).
swift build --product generate-manual
outputs="$(mktemp -d)"
export MESHCERT_TEST_OUTPUT_DIR="$outputs"
status=0
swift test --skip-build "$@" 2>&1 | tee "$outputs/swift-test.log" || status=$?
Scripts/check-secrets.sh "$outputs" || status=1
rm -rf "$outputs"
exit $status
