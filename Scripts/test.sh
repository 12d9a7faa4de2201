#!/usr/bin/env bash
# The README's test command: sets up a fresh machine, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages and pip modules the tests use (name:command / name:module).
export MESHCERT_EXTRA_DEBS="${MESHCERT_EXTRA_DEBS:-} librsvg2-bin:rsvg-convert chromium:chromium"
export MESHCERT_EXTRA_PIP="${MESHCERT_EXTRA_PIP:-} moto[server]:moto botocore:botocore awscli:awscli"
Scripts/setup.sh

swift build --build-tests
swift test --skip-build "$@"
