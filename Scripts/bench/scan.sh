#!/usr/bin/env bash
# Scripts/bench.sh scan: meshcert scan vs a C libcrypto loop, Python cryptography and the
# openssl CLI on two generated inventories (realistic: 20,000 leaves as 60,000 files with
# repeated chains; distinct: 20,000 certificates, one per file). Run through Scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${MESHCERT_BIN:?run through Scripts/bench.sh}"
OUT="${BENCH_OUT:-bench-out}"
N="${SCAN_BENCH_LEAVES:-20000}"
DATA="$OUT/scan-data-$N"
if [ ! -f "$DATA/.done" ]; then
    echo "bench scan: generating inventories ($N leaves) in $DATA" >&2
    rm -rf "$DATA"
    python3 Scripts/bench/gen-scan-inventory.py "$DATA" "$N"
    touch "$DATA/.done"
fi
cc -O2 -o "$OUT/parse_loop" Scripts/bench/parse_loop.c -lcrypto
python3 Scripts/bench/scan_bench.py "$MESHCERT_BIN" "$OUT/parse_loop" "$DATA" | tee "$OUT/scan-bench.txt"
