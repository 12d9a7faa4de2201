#!/usr/bin/env bash
# meshcert handshake benchmark (run through Scripts/bench.sh handshake, which builds release).
#  1. Full TLS 1.3 handshakes per second against ONE `openssl s_server` (ECDSA P-256, X25519):
#     meshcert --jobs 1 and --jobs 4 versus `openssl s_time -new`, same server, interleaved runs
#     of the same length, BENCH_ROUNDS (3) rounds, median ratio; server CPU and load average.
#  2. A 200-check plan against 10 local servers (ok, expired, wrong name, mTLS, TLS 1.2 only,
#     silent, plaintext, closed port) with its wall time, versus sslyze scanning the same servers.
# Timings are wall clock on a shared machine: compare the ratios, not the absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MESHCERT_BIN:-$(swift build -c release --show-bin-path)/meshcert}"
OUT="${BENCH_OUT:-bench-out}/handshake"
SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
ROUNDS="${BENCH_ROUNDS:-3}"
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

echo "== 1. full TLS 1.3 handshakes/s against one openssl s_server (ECDSA P-256), ${ROUNDS} rounds of ${SECONDS_PER_RUN}s runs"
PORT=$(free_port)
s_server 127.0.0.1 "$PORT" Certs/short-lived/users.pem Certs/short-lived/users.key -tls1_3
# One server for every run. Each round runs s_time -new, meshcert --jobs 1 and --jobs 4 back to
# back (order rotated between rounds) for about the same time: meshcert's --repeat is the last
# s_time rate times the run length. Ratios are taken within a round, then the median over rounds.
python3 - "$BIN" "$PORT" "${pids[-1]}" "$SECONDS_PER_RUN" "$ROUNDS" "$OUT" "$CA" "$AT" <<'PY'
import json, os, re, resource, statistics, subprocess, sys, time
binary, port, server_pid, seconds, rounds, out, ca, at = sys.argv[1:9]
seconds, rounds, hz = float(seconds), int(rounds), os.sysconf("SC_CLK_TCK")

def server_times():
    """The server's CPU time and its time spent runnable but waiting for a CPU (seconds)."""
    stat = open(f"/proc/{server_pid}/stat").read().rsplit(")", 1)[1].split()
    try:  # absent without CONFIG_SCHED_INFO: then the wait shows as 0
        waiting_ns = int(open(f"/proc/{server_pid}/schedstat").read().split()[1])
    except (OSError, IndexError, ValueError):
        waiting_ns = 0
    return (int(stat[11]) + int(stat[12])) / hz, waiting_ns / 1e9

def run(kind, count):
    before, cpu0, t0 = server_times(), resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    if kind == "s_time":
        text = subprocess.run(["openssl", "s_time", "-connect", f"127.0.0.1:{port}", "-new", "-time", str(int(seconds))],
                              capture_output=True, text=True).stdout
        n, phases = int(re.search(r"(\d+) connections in", text).group(1)), None
    else:
        jobs = kind.split()[-1]
        path = f"{out}/jobs{jobs}.json"
        with open(path, "w") as f:
            subprocess.run([binary, "handshake", "--connect", f"127.0.0.1:{port}", "--server-name", "users.sc.internal",
                            "--trust", ca, "--at", at, "--repeat", str(count), "--jobs", jobs, "--format", "json"], stdout=f, check=True)
        check = json.load(open(path))["checks"][0]
        assert check["reason"] == "ok" and check["load"]["missedExpectation"] == 0, check["detail"]
        n, phases = count, check["load"]["meanMs"]
    wall = time.monotonic() - t0
    after, cpu1 = server_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    return dict(kind=kind, n=n, wall=wall, rate=n / wall, client_ms=client_cpu / n * 1000,
                server_ms=(after[0] - before[0]) / n * 1000, server_busy=(after[0] - before[0]) / wall * 100,
                server_waiting=(after[1] - before[1]) / wall * 100, load=os.getloadavg()[0], phases=phases)

# Round 1 starts with s_time, which sizes the first meshcert runs.
orders = [["s_time", "meshcert --jobs 1", "meshcert --jobs 4"], ["meshcert --jobs 1", "meshcert --jobs 4", "s_time"],
          ["meshcert --jobs 4", "s_time", "meshcert --jobs 1"]]
ratios = {"meshcert --jobs 1": [], "meshcert --jobs 4": []}
last_stime_rate = None
print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
for r in range(rounds):
    results = {}
    for kind in orders[r % 3]:
        res = run(kind, max(100, int(last_stime_rate * seconds)) if kind != "s_time" else 0)
        if kind == "s_time":
            last_stime_rate = res["rate"]
        results[kind] = res
        p = res["phases"]
        split = (f"  per handshake: connect {p['connect']:.2f} + handshake {p['handshake']:.2f} + post-handshake read "
                 f"{p['postHandshake']:.2f} + rest {p['total'] - p['connect'] - p['handshake'] - p['postHandshake']:.2f}"
                 f" = {p['total']:.2f} ms") if p else ""
        print(f"round {r + 1}  {kind:18s} {res['n']:6d} in {res['wall']:5.2f}s -> {res['rate']:7.1f}/s   client CPU "
              f"{res['client_ms']:.2f} ms/conn, s_server CPU {res['server_ms']:.2f} ms/conn, s_server busy "
              f"{res['server_busy']:4.1f}% waiting for a CPU {res['server_waiting']:4.1f}%, load {res['load']:.2f}{split}")
    for kind in ratios:
        ratios[kind].append(results[kind]["rate"] / results["s_time"]["rate"])
    print(f"round {r + 1}  ratios: " + ", ".join(f"{k} {v[-1]:.2f}x" for k, v in ratios.items()))
print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
for kind, values in ratios.items():
    print(f"{kind}: median {statistics.median(values):.2f}x s_time -new over {len(values)} rounds "
          f"({', '.join(f'{v:.2f}' for v in values)})")
PY

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
