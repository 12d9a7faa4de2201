#!/usr/bin/env bash
# The README's main job: set up, build (release), and write the migration readiness report of the
# shipped demo data: the App Mesh export (Certs/appmesh), the demo PKI, the default rotation
# scenario (Certs/scenarios/demo.yaml) and the loopback lab of both worlds.
# The committed 7-day certificates have fixed dates (tests use them with --at); the demo works on
# a copy of Certs/ whose short-lived part is re-issued now, so the report shows today's state.
#   Scripts/demo.sh [OUT]      (default out/demo; the report is OUT/report/report.html)
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
"$BIN" report \
    --certs "$OUT/certs" --mesh "$OUT/certs/appmesh" --scenario Certs/scenarios/demo.yaml --lab \
    --pki Certs/pki --pkcs12-password-file Certs/pki/pkcs12-password.txt \
    --trust Certs/pki/root-ca.pem --trust "$OUT/certs/short-lived/short-lived-ca.pem" \
    --out "$OUT/report" || status=$?

echo
echo "demo: meshcert report exit code $status"
echo "demo: open $OUT/report/report.html (its data: $OUT/report/report.json)"
exit "$status"
