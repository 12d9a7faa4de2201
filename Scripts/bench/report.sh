#!/usr/bin/env bash
# Benchmark of `meshcert report` on a generated fleet: one mesh of N virtual nodes (aws CLI
# export, each node calling the next, every 5th requiring client certificates), a certificate
# folder with a server and a client certificate per service plus the CA, and a 30-day rotation
# scenario (2 tasks per service, one CA outage).
# Baseline in the same run: the component subcommands run one after the other with the same
# inputs (scan --format json, mesh scan --certs --format json, mesh plan, rotate simulate
# --from-mesh --format json --timeline): what a script gluing them together would cost before
# joining anything. The ratio is the report's overhead (joining, HTML, JSON) over them.
# Also: the page's size and the time headless Chromium takes to render it (when installed).
# Called by Scripts/bench.sh report (MESHCERT_BIN = release binary, BENCH_OUT = scratch folder).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:?run through Scripts/bench.sh report}"
OUT="${BENCH_OUT:-bench-out}/report"
NODES="${REPORT_BENCH_NODES:-500}"
RUNS="${REPORT_BENCH_RUNS:-3}"
AT=2026-12-02T00:00:00Z

rm -rf "$OUT"
mkdir -p "$OUT"
python3 - "$OUT" "$NODES" <<'PY'
import datetime as dt, json, os, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID
out, n = sys.argv[1], int(sys.argv[2])
UTC = dt.timezone.utc
def name(cn): return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
ca_key = ec.generate_private_key(ec.SECP256R1())
def build(cn, key, issuer, ca=False, dns=None, client=False, days=395):
    b = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(issuer)).public_key(key.public_key())
         .serial_number(x509.random_serial_number()).not_valid_before(dt.datetime(2026, 6, 1, tzinfo=UTC))
         .not_valid_after(dt.datetime(2026, 6, 1, tzinfo=UTC) + dt.timedelta(days=days))
         .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    if dns: b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in dns]), critical=False)
    if not ca: b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH if client else ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return b.sign(ca_key, hashes.SHA256())
certs = os.path.join(out, "certs"); os.makedirs(certs)
pem = lambda c: c.public_bytes(serialization.Encoding.PEM)
ca = build("Bench CA", ca_key, "Bench CA", ca=True, days=3650)
open(os.path.join(certs, "ca-bundle.pem"), "wb").write(pem(ca))
key = ec.generate_private_key(ec.SECP256R1())  # one key for all leaves: generation is not what we measure
for i in range(n):
    svc = f"svc-{i}"
    open(os.path.join(certs, f"{svc}.pem"), "wb").write(pem(build(f"{svc}.bench.local", key, "Bench CA", dns=[f"{svc}.bench.local", svc], days=200 + i % 300)))
    open(os.path.join(certs, f"{svc}-client.pem"), "wb").write(pem(build(f"{svc}-client", key, "Bench CA", client=True)))
mesh = os.path.join(out, "mesh", "bench", "virtual-nodes"); os.makedirs(mesh)
meta = {"meshOwner": "111122223333", "resourceOwner": "111122223333", "version": 1}
json.dump({"mesh": {"meshName": "bench", "metadata": meta, "spec": {}}}, open(os.path.join(out, "mesh", "bench", "mesh.json"), "w"))
for i in range(n):
    svc = f"svc-{i}"
    tls = {"mode": "STRICT", "certificate": {"file": {"certificateChain": f"/etc/envoy/certs/{svc}.pem", "privateKey": f"/etc/envoy/certs/{svc}.key"}}}
    if i % 5 == 0: tls["validation"] = {"trust": {"file": {"certificateChain": "/etc/envoy/certs/ca-bundle.pem"}}}
    spec = {"listeners": [{"portMapping": {"port": 8080, "protocol": "http"}, "tls": tls}],
            "serviceDiscovery": {"awsCloudMap": {"namespaceName": "bench.local", "serviceName": svc, "attributes": []}},
            "backends": [{"virtualService": {"virtualServiceName": f"svc-{(i + 1) % n}.bench.local"}}]}
    json.dump({"virtualNode": {"meshName": "bench", "virtualNodeName": svc, "metadata": meta, "spec": spec, "status": {"status": "ACTIVE"}}},
              open(os.path.join(mesh, f"{svc}.json"), "w"))
open(os.path.join(out, "scenario.yaml"), "w").write(
    "start: 2026-12-01T00:00:00Z\nduration: 30d\nseed: 1\nca:\n  outages:\n    - {start: 2026-12-05T12:00:00Z, duration: 48h}\n"
    "rotation: {renewAt: 5d, jitter: 0.05}\nclockSkew: {max: 2s}\n")
PY

C="$OUT/certs" M="$OUT/mesh" S="$OUT/scenario.yaml"
seconds() { /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$@" >/dev/null 2>"$OUT/stderr.txt" || true; tail -1 "$OUT/time.txt"; }
best_report=999 best_parts=999 peak=0
for run in $(seq "$RUNS"); do
    read -r r mem < <(seconds "$BIN" report --certs "$C" --mesh "$M" --scenario "$S" --tasks 2 --at "$AT" --out "$OUT/out")
    parts=0
    for cmd in "scan $C --at $AT --format json" "mesh scan $M --certs $C --at $AT --format json" \
               "mesh plan $M --pca-arn arn:aws:acm-pca:eu-west-1:111122223333:certificate-authority/x" \
               "rotate simulate $S --from-mesh $M --tasks 2 --format json --timeline $OUT/t.svg"; do
        # shellcheck disable=SC2086
        read -r t _ < <(seconds "$BIN" $cmd)
        parts=$(python3 -c "print($parts + $t)")
    done
    best_report=$(python3 -c "print(min($best_report, $r))")
    best_parts=$(python3 -c "print(min($best_parts, $parts))")
    peak=$mem
done
html=$(stat -c %s "$OUT/out/report.html") json=$(stat -c %s "$OUT/out/report.json")
printf "%-58s %8s\n" "what ($NODES services, $((NODES * 2 + 1)) certificates, best of $RUNS)" "wall s"
printf "%-58s %8.2f\n" "meshcert report (scan + mesh + plan + rotate, HTML + JSON)" "$best_report"
printf "%-58s %8.2f\n" "baseline: the four component subcommands, one after another" "$best_parts"
printf "report / components: %.2fx; report peak RSS %d MiB; report.html %d KiB, report.json %d KiB\n" \
    "$(python3 -c "print($best_report / $best_parts)")" "$((peak / 1024))" "$((html / 1024))" "$((json / 1024))"
if command -v chromium >/dev/null 2>&1; then
    start=$(date +%s.%N)
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$OUT/profile" --window-size=1280,2000 \
        --screenshot="$OUT/report.png" "file://$(cd "$OUT/out" && pwd)/report.html" >/dev/null 2>&1 || true
    printf "headless Chromium renders report.html in %.2f s (screenshot at 1280 px)\n" "$(python3 -c "import time; print(time.time() - $start)")"
fi
