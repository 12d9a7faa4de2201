#!/usr/bin/env bash
# The README's main job: set up, build (release), run meshcert on the shipped demo data.
# The committed 7-day certificates have fixed dates (tests use them with --at); the demo works
# on a copy of Certs/ whose short-lived part is re-issued now, so it shows today's state.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release
BIN="$(swift build -c release --show-bin-path)/meshcert"
OUT="${1:-out/demo}"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 700 "$OUT"
cp -r Certs "$OUT/certs"
python3 Certs/generate.py --short-lived-now --out "$OUT/certs/short-lived"

status=0
"$BIN" scan "$OUT/certs" --pkcs12-password-file Certs/pki/pkcs12-password.txt \
    --trust Certs/pki/root-ca.pem --trust Certs/short-lived/short-lived-ca.pem \
    --format json > "$OUT/scan.json" || status=$?
"$BIN" scan "$OUT/certs" --pkcs12-password-file Certs/pki/pkcs12-password.txt \
    --trust Certs/pki/root-ca.pem --trust Certs/short-lived/short-lived-ca.pem \
    | tee "$OUT/scan.txt" || true
"$BIN" scan "$OUT/certs" --pkcs12-password-file Certs/pki/pkcs12-password.txt --format prometheus > "$OUT/scan.prom" || true

echo
echo "demo: scan exit code $status; results in $OUT/ (scan.txt, scan.json, scan.prom)"
