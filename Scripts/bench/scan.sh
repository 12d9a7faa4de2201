#!/usr/bin/env bash
# Scripts/bench.sh scan: meshcert scan (every output format) vs Python cryptography and a C
# libcrypto loop on two generated inventories (realistic: 8,000 leaves as 24,000 files with
# repeated chains; distinct: 8,000 certificates, one per file), CPU seconds and wall, medians of
# SCAN_BENCH_ROUNDS alternating rounds. Run through Scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${MESHCERT_BIN:?run through Scripts/bench.sh}"
OUT="${BENCH_OUT:-bench-out}"
N="${SCAN_BENCH_LEAVES:-8000}"
DATA="$OUT/scan-data-$N"
if [ ! -f "$DATA/.done" ]; then
    echo "bench scan: generating inventories ($N leaves) in $DATA" >&2
    rm -rf "$DATA"
    python3 Scripts/bench/gen-scan-inventory.py "$DATA" "$N"
    touch "$DATA/.done"
fi
cc -O2 -o "$OUT/parse_loop" Scripts/bench/parse_loop.c -lcrypto
python3 Scripts/bench/scan_bench.py "$MESHCERT_BIN" "$OUT/parse_loop" "$DATA" | tee "$OUT/scan-bench.txt"
