#!/usr/bin/env bash
# The README's main job: set up, build (release), and write the migration readiness report of the
# shipped demo data: the App Mesh export (Certs/appmesh), the demo PKI, the default rotation
# scenario (Certs/scenarios/demo.yaml), the loopback lab of both worlds, and the live migration
# read by `meshcert aws snapshot` from a local AWS (moto on loopback, fake credentials, never an
# account) shaped like the demo mesh: blue as in Certs/, green half migrated, one entry point 3:1.
# The committed 7-day certificates have fixed dates (tests use them with --at); the demo works on
# a copy of Certs/ whose short-lived part is re-issued now, so the report shows today's state.
#   Scripts/demo.sh [OUT]      (default out/demo; the report is OUT/report/report.html)
set -euo pipefail
cd "$(dirname "$0")/.."
export MESHCERT_EXTRA_PIP="${MESHCERT_EXTRA_PIP:-} moto[server]:moto botocore:botocore awscli:awscli"
Scripts/setup.sh
swift build -c release
BIN="$(swift build -c release --show-bin-path)/meshcert"
OUT="${1:-out/demo}"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 700 "$OUT"
cp -r Certs "$OUT/certs"
python3 Certs/generate.py --short-lived-now --out "$OUT/certs/short-lived"

# The AWS side: a moto world (Tests/Fixtures/aws/moto_world.py) up while fd 9 holds its stdin,
# stopped on every exit path; the snapshot in OUT/aws; the report's Migration progress from it.
aws_inputs=()
moto_pid=""
stop_moto() {
    exec 9>&-
    if [ -n "$moto_pid" ]; then kill "$moto_pid" 2>/dev/null || true; wait "$moto_pid" 2>/dev/null || true; moto_pid=""; fi
}
trap stop_moto EXIT
if command -v aws >/dev/null 2>&1 && python3 -c 'import moto.server, boto3' 2>/dev/null; then
    mkfifo "$OUT/.moto-stdin"
    python3 Tests/Fixtures/aws/moto_world.py --world demo < "$OUT/.moto-stdin" > "$OUT/moto-world.json" 2> "$OUT/moto-world.log" &
    moto_pid=$!
    exec 9> "$OUT/.moto-stdin"
    for _ in $(seq 1 600); do [ -s "$OUT/moto-world.json" ] && break; kill -0 "$moto_pid" 2>/dev/null || break; sleep 0.2; done
    world="$(head -1 "$OUT/moto-world.json" 2>/dev/null || true)"
    if [ -n "$world" ]; then
        endpoint="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["endpoint"])' "$world")"
        zone="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["hostedZones"]["shop.example.com"])' "$world")"
        if env -u AWS_PROFILE -u AWS_SESSION_TOKEN AWS_ENDPOINT_URL="$endpoint" AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo \
            AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=eu-west-1 \
            "$BIN" aws snapshot --out "$OUT/aws" --region eu-west-1 --hosted-zone "$zone" > "$OUT/aws-snapshot.log" 2>&1; then
            aws_inputs=(--aws "$OUT/aws")
            "$BIN" aws status "$OUT/aws" || true
        else
            echo "demo: the snapshot of the local AWS failed (see $OUT/aws-snapshot.log); the report leaves out Migration progress" >&2
        fi
    else
        echo "demo: the local AWS did not start (see $OUT/moto-world.log); the report leaves out Migration progress" >&2
    fi
    stop_moto
    rm -f "$OUT/.moto-stdin"
else
    echo "demo: the aws CLI or moto is missing; the report leaves out Migration progress" >&2
fi

status=0
"$BIN" report \
    --certs "$OUT/certs" --mesh "$OUT/certs/appmesh" --scenario Certs/scenarios/demo.yaml --lab \
    --pki Certs/pki --pkcs12-password-file Certs/pki/pkcs12-password.txt \
    --trust Certs/pki/root-ca.pem --trust "$OUT/certs/short-lived/short-lived-ca.pem" \
    "${aws_inputs[@]}" --out "$OUT/report" || status=$?

echo
echo "demo: meshcert report exit code $status"
echo "demo: open $OUT/report/report.html (its data: $OUT/report/report.json)"
exit "$status"
