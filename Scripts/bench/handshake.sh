#!/usr/bin/env bash
# meshcert handshake benchmark (run through Scripts/bench.sh handshake, which builds release).
#  1. Full TLS 1.3 handshakes per second against ONE `openssl s_server` (ECDSA P-256, X25519):
#     meshcert --jobs 1 and --jobs 4 versus `openssl s_time -new`, same server, same run.
#  2. A 200-check plan against 10 local servers (ok, expired, wrong name, mTLS, TLS 1.2 only,
#     silent, plaintext, closed port) with its wall time, versus sslyze scanning the same servers.
# Timings are wall clock on a shared machine: compare the ratios, not the absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:-$(swift build -c release --show-bin-path)/meshcert}"
OUT="${BENCH_OUT:-bench-out}/handshake"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
AT=2026-12-02T00:00:00Z
CA=Certs/short-lived/short-lived-ca.pem
mkdir -p "$OUT"

pids=()
# SIGKILL by pid: children of some runners inherit a blocked SIGTERM.
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
wait_port() { # wait_port HOST PORT
    for _ in $(seq 1 100); do
        python3 -c "import socket,sys; socket.create_connection(('$1',$2),0.2)" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "bench: nothing listens on $1:$2" >&2; return 1
}
# s_server with -www does not read stdin, so it keeps serving in the background.
s_server() { # s_server HOST PORT CERT KEY [extra...]
    local host=$1 port=$2 cert=$3 key=$4; shift 4
    openssl s_server -accept "$host:$port" -cert "$cert" -key "$key" -www -quiet "$@" </dev/null >/dev/null 2>&1 &
    pids+=($!)
    wait_port "$host" "$port"
}

echo "== 1. full TLS 1.3 handshakes/s against one openssl s_server (ECDSA P-256), ${SECONDS_PER_RUN}s each"
PORT=$(free_port)
s_server 127.0.0.1 "$PORT" Certs/short-lived/users.pem Certs/short-lived/users.key -tls1_3
t0=$(now)
s_time_out=$(openssl s_time -connect "127.0.0.1:$PORT" -new -time "$SECONDS_PER_RUN" 2>&1 | grep -m1 "connections in" || true)
t1=$(now)
n_stime=$(echo "$s_time_out" | awk '{print $1}')
rate_stime=$(python3 -c "print(round($n_stime / ($t1 - $t0), 1))")
echo "openssl s_time -new:   $n_stime connections in $(python3 -c "print(round($t1-$t0,2))")s wall -> $rate_stime/s"

meshcert_rate() { # meshcert_rate JOBS COUNT -> prints rate, writes JSON
    local jobs=$1 count=$2
    local t0 t1
    t0=$(now)
    "$BIN" handshake --connect "127.0.0.1:$PORT" --server-name users.sc.internal --trust "$CA" --at "$AT" \
        --repeat "$count" --jobs "$jobs" --format json > "$OUT/jobs$jobs.json" || { echo "bench: meshcert run failed" >&2; exit 1; }
    t1=$(now)
    python3 - "$OUT/jobs$jobs.json" "$count" "$t0" "$t1" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1])); count = int(sys.argv[2]); wall = float(sys.argv[4]) - float(sys.argv[3])
c = doc["checks"][0]; load = c["load"]
assert c["reason"] == "ok" and load["missedExpectation"] == 0, c["detail"]
print(f"{count / wall:.1f} {wall:.2f} {load['p50Ms']} {load['p99Ms']}")
PY
}
for jobs in 1 4; do
    read -r rate wall p50 p99 < <(meshcert_rate "$jobs" "$n_stime")
    ratio=$(python3 -c "print(round($rate / $rate_stime, 2))")
    echo "meshcert --jobs $jobs:     $n_stime verified handshakes in ${wall}s wall -> $rate/s  (p50 ${p50}ms, p99 ${p99}ms)  = ${ratio}x s_time"
done

echo
echo "== 2. 200-check plan against 10 local servers (127.0.0.1 .. 127.0.0.10)"
FIX="$OUT/fixtures"
python3 Certs/lab/generate.py --out "$FIX"
P=$(free_port)
s_server 127.0.0.1 "$P" Certs/short-lived/users.pem Certs/short-lived/users.key -tls1_3
s_server 127.0.0.2 "$P" Certs/short-lived/stock.pem Certs/short-lived/stock.key
s_server 127.0.0.3 "$P" Certs/pki/users.pem Certs/pki/users.key -cert_chain Certs/pki/intermediate-ca.pem
s_server 127.0.0.4 "$P" "$FIX/expired.pem" "$FIX/expired.key"
s_server 127.0.0.5 "$P" "$FIX/wrong-name.pem" "$FIX/wrong-name.key"
s_server 127.0.0.6 "$P" Certs/pki/users-chain.pem Certs/pki/users.key -Verify 1 -CAfile Certs/pki/ca-bundle.pem
s_server 127.0.0.7 "$P" Certs/short-lived/users.pem Certs/short-lived/users.key -tls1_2
python3 -c "
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.8', $P)); s.listen(256); time.sleep(3600)" & pids+=($!)
python3 -m http.server "$P" --bind 127.0.0.9 >/dev/null 2>&1 & pids+=($!)
wait_port 127.0.0.8 "$P"; wait_port 127.0.0.9 "$P"
# 127.0.0.10: nothing listens (connection refused).
PLAN="$OUT/plan-200.yaml"
python3 - "$PLAN" "$P" "$PWD" <<'PY'
import sys
plan, port, root = sys.argv[1], sys.argv[2], sys.argv[3]
sl, pki = f"{root}/Certs/short-lived/short-lived-ca.pem", f"{root}/Certs/pki/root-ca.pem"
servers = [  # host, serverName, trust, expect, extra
    ("127.0.0.1", "users.sc.internal", sl, "ok", 'minTLS: "1.3"'),
    ("127.0.0.2", "stock.sc.internal", sl, "ok", ""),
    ("127.0.0.3", "users.apps.local", pki, "ok", ""),
    ("127.0.0.4", "users.sc.internal", sl, "expired", ""),
    ("127.0.0.5", "users.sc.internal", sl, "hostname_mismatch", ""),
    ("127.0.0.6", "users.apps.local", pki, "client_certificate_required", ""),
    ("127.0.0.7", "users.sc.internal", sl, "protocol_mismatch", 'minTLS: "1.3"'),
    ("127.0.0.8", "users.sc.internal", sl, "timeout", ""),
    ("127.0.0.9", "users.sc.internal", sl, "not_tls", ""),
    ("127.0.0.10", "users.sc.internal", sl, "connection_refused", ""),
]
with open(plan, "w") as f:
    f.write("checks:\n")
    for i in range(20):
        for host, name, trust, expect, extra in servers:
            f.write(f"  - name: {host}-{i}\n    connect: {host}:{port}\n    serverName: {name}\n    trust: {trust}\n    expect: {expect}\n")
            if extra:
                f.write(f"    {extra}\n")
PY
t0=$(now)
"$BIN" handshake --plan "$PLAN" --at "$AT" --jobs 16 --timeout 2s --format json > "$OUT/plan-200.json" || true
t1=$(now)
wall_plan=$(python3 -c "print(round($t1 - $t0, 2))")
python3 - "$OUT/plan-200.json" "$wall_plan" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1])); s = doc["summary"]
print(f"meshcert: {s['checks']} checks in {sys.argv[2]}s wall (--jobs 16, 5 per host, 2s deadlines), "
      f"{s['matchedExpectation']} met their expectation; reasons {json.dumps(s['reasons'])}")
PY

if ! python3 -c "import sslyze" 2>/dev/null; then
    timeout 180 python3 -m pip install -q sslyze >/dev/null 2>&1 || true
fi
if python3 -c "import sslyze" 2>/dev/null; then
    targets=()
    for n in $(seq 1 10); do targets+=("127.0.0.$n:$P{127.0.0.$n}"); done
    t0=$(now)
    timeout 600 python3 -m sslyze --certinfo --certinfo_ca_file "$CA" --tlsv1_3 --tlsv1_2 --mozilla_config disable \
        --json_out "$OUT/sslyze.json" "${targets[@]}" >/dev/null 2>&1 || true
    t1=$(now)
    wall_sslyze=$(python3 -c "print(round($t1 - $t0, 2))")
    echo "sslyze (certinfo, TLS 1.2/1.3 suites) over the same 10 servers: ${wall_sslyze}s wall"
    echo "ratio: sslyze wall / meshcert wall = $(python3 -c "print(round($wall_sslyze / $wall_plan, 2))")x" \
         "(not like for like: sslyze does more per server, meshcert does 20 checks per server)"
else
    echo "sslyze: not installed (pip install sslyze failed); no comparison"
fi
