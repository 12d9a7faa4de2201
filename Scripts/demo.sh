#!/usr/bin/env bash
# The README's main job: set up, build release, run meshcert on the shipped demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release
BIN="$(swift build -c release --show-bin-path)/meshcert"
OUT="${1:-out/demo}"
mkdir -p "$OUT"
"$BIN" scan Certs/ --format json > "$OUT/scan.json" || true
"$BIN" scan Certs/ || true
echo
echo "demo: results in $OUT/"
