#!/usr/bin/env bash
# Benchmarks: Scripts/bench.sh scan|mesh|rotate|handshake|report|json|verify|watch|aws|all
# Each one runs meshcert (release build) and a baseline in the same run and prints ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
Scripts/setup.sh
swift build -c release >&2
export MESHCERT_BIN="$(swift build -c release --show-bin-path)/meshcert"
export BENCH_OUT="${BENCH_OUT:-bench-out}"
mkdir -p "$BENCH_OUT"
run() {
    if [ -x "Scripts/bench/$1.sh" ]; then "Scripts/bench/$1.sh"; else echo "bench: no benchmark '$1' yet" >&2; return 2; fi
}
if [ "$what" = all ]; then
    for b in scan mesh rotate handshake report json verify watch aws; do run "$b" || true; done
else
    run "$what"
fi
